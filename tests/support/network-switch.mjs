// A TCP forwarder on 127.0.0.1 in front of a real kaart-server that can
// take the network away from the app and give it back, as a laptop that
// loses its Wi-Fi: `offline()` cuts every open connection and resets every
// new one (the app's HTTP client sees a network error, which the core counts
// as offline); `online()` forwards again. It forwards bytes only, so HTTP
// keep-alive and everything in the traffic stays as the app sent it.

import { connect, createServer } from "node:net";

/**
 * Starts the forwarder in front of `upstream` (e.g. "http://127.0.0.1:1234").
 * Resolves to `{ url, offline(), online(), close() }`.
 */
export async function startNetworkSwitch(upstream) {
  const target = new URL(upstream);
  const open = new Set();
  let up = true;

  const server = createServer((client) => {
    if (!up) {
      client.resetAndDestroy();
      return;
    }
    const service = connect(Number(target.port), target.hostname);
    const pair = { client, service };
    open.add(pair);
    const end = () => {
      open.delete(pair);
      client.destroy();
      service.destroy();
    };
    client.on("error", end).on("close", end);
    service.on("error", end).on("close", end);
    client.pipe(service);
    service.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}`,
    offline() {
      up = false;
      for (const { client, service } of open) {
        client.resetAndDestroy();
        service.destroy();
      }
      open.clear();
    },
    online() {
      up = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const { client, service } of open) {
          client.destroy();
          service.destroy();
        }
        server.close(resolve);
      }),
  };
}
