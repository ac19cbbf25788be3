// The recording notification server (`notification_server.py`: Debian's
// python3-dbus) on the test's D-Bus session bus, in place of a desktop's
// notification daemon. `startNotificationServer()` resolves once it owns
// `org.freedesktop.Notifications`; `notifications` lists what arrived
// (`{ id, app_name, summary, body, actions }`), `waitFor(pred)` waits for
// one, `invoke(id, action)` clicks one (the daemon's `ActionInvoked`
// signal; `default` is a click on the notification itself).

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const PYTHON = process.env.PYTHON3 ?? "/usr/bin/python3";
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "notification_server.py");

export async function startNotificationServer() {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} missing (the notification server needs Debian's python3-dbus)`);
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error("no D-Bus session: run inside scripts/with-session.sh");
  const child = spawn(PYTHON, [SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
  const notifications = [];
  const errors = [];
  child.stderr.on("data", (d) => errors.push(String(d)));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const ready = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const event = JSON.parse(line);
      if (event.event === "ready") resolve();
      if (event.event === "error") reject(new Error(event.message));
      if (event.event === "notify") notifications.push(event);
    });
    exited.then((code) => reject(new Error(`notification server exited (${code}): ${errors.join("")}`)));
  });
  await ready;

  return {
    notifications,
    async waitFor(pred, timeoutMs = 60_000, what = "a notification") {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = notifications.find(pred);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${what} did not arrive; got ${JSON.stringify(notifications)}`);
    },
    invoke(id, action = "default") {
      child.stdin.write(`invoke ${id} ${action}\n`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
