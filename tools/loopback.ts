/**
 * The loopback servers the test tools start (the fault proxy, the fake STS, the Pipes and
 * EventBridge fake): listening on 127.0.0.1 at a free port, never the reason a test process stays
 * alive, and closed with every socket still open to them.
 */
import type http from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A started loopback server: its endpoint, and `close`, which also ends open connections. */
export interface Loopback {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  /** Stops listening and destroys every socket still open; resolves once the server is closed. */
  close: () => Promise<void>;
}

/** Starts `server` on a free loopback port; throws what listen throws. */
export async function listenOnLoopback(server: http.Server): Promise<Loopback> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
