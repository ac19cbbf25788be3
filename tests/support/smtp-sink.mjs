// The SMTP server the desktop tests point kaart-server at: the project's
// aiosmtpd sink (`crates/kaart-server/tests/support/smtp_sink.py`, Debian's
// python3-aiosmtpd) on a free port of 127.0.0.1, saving every message as it
// arrived. Messages are read back by the same script with Python's `email`
// package — an independent reader, not the server's own code.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./paths.mjs";

const SINK = join(REPO, "crates", "kaart-server", "tests", "support", "smtp_sink.py");
const PYTHON = process.env.PYTHON3 ?? "/usr/bin/python3";

/**
 * Starts the sink. Resolves to `{ port, messages(), waitFor(n), stop() }`:
 * `messages()` reads every message received so far as
 * `{ rcpt, to, from, subject, body }`; `waitFor(n)` waits until at least `n`
 * have arrived and resolves to them.
 */
export async function startSmtpSink() {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} missing (the SMTP sink needs Debian's python3-aiosmtpd)`);
  const dir = mkdtempSync(join(tmpdir(), "kaart-smtp-"));
  const child = spawn(PYTHON, [SINK, "serve", dir], { stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  child.stderr.on("data", (d) => output.push(String(d)));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const port = await new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`the SMTP sink did not start\n${output.join("")}`)), 20_000);
    child.stdout.on("data", (d) => {
      buffer += String(d);
      const m = /listening on (\d+)/.exec(buffer);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the SMTP sink exited (${code})\n${output.join("")}`));
    });
  });

  function messages() {
    return readdirSync(dir)
      .filter((name) => name.endsWith(".eml"))
      .sort()
      .map((name) => {
        const file = join(dir, name);
        const read = JSON.parse(execFileSync(PYTHON, [SINK, "read", file], { encoding: "utf8" }));
        const rcpt = readFileSync(file.replace(/\.eml$/, ".rcpt"), "utf8").split("\n").filter(Boolean);
        return { rcpt, ...read };
      });
  }

  async function waitFor(n, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const count = readdirSync(dir).filter((name) => name.endsWith(".eml")).length;
      if (count >= n) return messages();
      if (Date.now() > deadline) throw new Error(`${count} of ${n} e-mails arrived within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { port, messages, waitFor, stop };
}
