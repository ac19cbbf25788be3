// Where things are: the repository, the built UI, the app binary, and the
// artefacts folder (tests/artifacts, gitignored) where screenshots go.

import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SCREEN_BUILD = join(REPO, "ui", "dist-screen");
export const APP_BINARY =
  process.env.KAARTBEHEER_APP_BINARY ?? join(REPO, "target", "debug", "kaartbeheer");

/** The artefacts folder for one suite, created when missing. */
export function artifactsDir(suite) {
  const dir = join(REPO, "tests", "artifacts", suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}
