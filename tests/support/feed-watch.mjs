// A forwarding HTTP proxy on 127.0.0.1 between the app and a real
// kaart-server that notes, on the test's own clock (`performance.now()`),
// when the app asks for a page of the changes feed and when that page has
// been handed over in full. It changes nothing in the traffic.
//
// Why: the app asks for page k+1 only after it stored page k (and its
// cursor) in one transaction, so the moments between "page k handed over"
// and "page k+1 asked for" are when the app parses and stores page k. The
// proxy sees those moments without going through the window, which may be
// the thing that is stuck.

import { createServer, request } from "node:http";

/**
 * Starts the proxy in front of `upstream` (e.g. "http://127.0.0.1:1234").
 * Resolves to `{ url, pages, nextDelivery(), close() }`: `pages` is
 * the list of `{ asked, delivered }` feed requests in order (`delivered` is
 * null until the whole response went out).
 */
export async function startFeedWatch(upstream) {
  const target = new URL(upstream);
  const pages = [];
  const waiters = new Set();
  const notify = () => {
    for (const w of waiters) w();
  };

  const server = createServer((req, res) => {
    const isFeed = /^\/api\/v1\/organizations\/[^/]+\/changes/.test(req.url ?? "");
    const page = isFeed ? { asked: performance.now(), delivered: null } : null;
    if (page) {
      pages.push(page);
      notify();
    }
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        res.on("finish", () => {
          if (page) {
            page.delivered = performance.now();
            notify();
          }
        });
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();

  /** Resolves when `condition()` holds, checked at every feed event. */
  function until(condition, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = condition();
        if (value === undefined || value === false) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what}: not within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    pages,
    /** The index of the first page handed over in full after this call, once it is. */
    nextDelivery(timeoutMs = 120_000) {
      const since = performance.now();
      return until(
        () => {
          const i = pages.findIndex((p) => p.delivered !== null && p.delivered > since);
          return i === -1 ? undefined : i;
        },
        timeoutMs,
        "no further page of the changes feed",
      );
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
