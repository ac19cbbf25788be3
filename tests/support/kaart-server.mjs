// The project's reference central service as a real process for the desktop
// tests: `target/debug/kaart-server serve --addr 127.0.0.1:0 --db <tmp> --demo`,
// its URL read from the one line it prints, and a small client of its HTTP
// API (sign in, /me, the changes feed) to check what arrived there.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./paths.mjs";

export const SERVER_BINARY =
  process.env.KAART_SERVER_BINARY ?? join(REPO, "target", "debug", "kaart-server");

/**
 * Runs `kaart-server serve --addr 127.0.0.1:0 …args` and waits for the line
 * with its URL; resolves to `{ url, stop, output }`. `stop` ends the process,
 * then runs `cleanup`.
 */
async function serve(args, cleanup = () => {}) {
  if (!existsSync(SERVER_BINARY)) throw new Error(`kaart-server missing: ${SERVER_BINARY}`);
  const child = spawn(SERVER_BINARY, ["serve", "--addr", "127.0.0.1:0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = [];
  child.stderr.on("data", (d) => output.push(String(d)));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const url = await new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`kaart-server did not start\n${output.join("")}`)), 30_000);
    child.stdout.on("data", (d) => {
      buffer += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(buffer);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`kaart-server exited (${code})\n${output.join("")}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    cleanup();
  };
  return { url, stop, output };
}

/**
 * Starts a seeded demo service (manager `demo`/`demo`), with `args` added to
 * `serve` (e.g. `--smtp-host`); resolves to `{ url, stop, output }`.
 */
export async function startKaartServer(args = []) {
  const dir = mkdtempSync(join(tmpdir(), "kaart-server-"));
  return serve(["--db", join(dir, "kaart.sqlite"), "--demo", ...args], () =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

async function json(response) {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json();
}

/** Signs in over the API; resolves to the bearer token. */
export async function apiSignIn(url, username, password) {
  const session = await json(
    await fetch(`${url}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    }),
  );
  return session.token;
}

export async function apiMe(url, token) {
  return json(await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }));
}

/** Every change of an organisation's feed from the start, all pages. */
export async function apiChanges(url, token, org) {
  const changes = [];
  let since = null;
  for (;;) {
    const query = since ? `?since=${encodeURIComponent(since)}` : "";
    const page = await json(
      await fetch(`${url}/api/v1/organizations/${org}/changes${query}`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    changes.push(...page.changes);
    since = page.cursor;
    if (!page.has_more) return changes;
  }
}

/**
 * Seeds a data set into a new database file `db` with `kaart-server seed`
 * (`set`: "bench" or "demo"; `args` e.g. `["--signups", "40000"]`).
 * Resolves to the one line the command prints.
 */
export async function seedKaartServerDb(db, set, args = []) {
  if (!existsSync(SERVER_BINARY)) throw new Error(`kaart-server missing: ${SERVER_BINARY}`);
  const child = spawn(SERVER_BINARY, ["seed", `--${set}`, ...args, "--db", db], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = [];
  child.stdout.on("data", (d) => out.push(String(d)));
  child.stderr.on("data", (d) => out.push(String(d)));
  const code = await new Promise((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`kaart-server seed --${set} failed (${code})\n${out.join("")}`);
  return out.join("").trim();
}

/**
 * Serves an existing database file `db` (seeded before, e.g. with
 * `seedKaartServerDb`); resolves to `{ url, stop, output }`. `stop` ends the
 * process and leaves the file to the caller.
 */
export async function serveKaartServerDb(db) {
  return serve(["--db", db]);
}
