/**
 * The table and backup waiters bound each DescribeTable/DescribeBackup by the wait's deadline
 * (beforeWaitEnds). When another step keeps the process busy past that deadline, an answer that
 * arrived during the stall must still be read: Node runs due timers before it reads sockets, so a
 * plain timer would call the wait over with the answer unread.
 */
import net from "node:net";
import { beforeWaitEnds, WAIT_ENDED } from "../../src/engines/polling";

/** Keeps the process busy, as another step's synchronous work would. */
function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Busy on purpose.
  }
}

interface SocketPair {
  client: net.Socket;
  server: net.Socket;
  close: () => Promise<void>;
}

async function socketPair(): Promise<SocketPair> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as net.AddressInfo;
  const accepted = new Promise<net.Socket>((resolve) => listener.once("connection", resolve));
  const client = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve) => client.once("connect", () => resolve()));
  const server = await accepted;
  return {
    client,
    server,
    close: async () => {
      client.destroy();
      server.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}

describe("a wait's request answered while the process was busy", () => {
  let pair: SocketPair;
  beforeEach(async () => {
    pair = await socketPair();
  });
  afterEach(async () => {
    await pair.close();
  });

  it("returns the answer, not WAIT_ENDED, when the stall outlasted the deadline", async () => {
    let aborted = false;
    const result = beforeWaitEnds(Date.now() + 100, (signal) => {
      signal.addEventListener("abort", () => {
        aborted = true;
      });
      return new Promise<string>((resolve) =>
        pair.client.once("data", (data) => resolve(`${data}`)),
      );
    });
    // The answer is in the socket's buffer before the stall; the stall ends 200 ms past the deadline.
    pair.server.write("ACTIVE");
    busyFor(300);
    await expect(result).resolves.toBe("ACTIVE");
    expect(aborted).toBe(false);
  });

  it("still ends the wait at its deadline when no answer comes", async () => {
    const started = Date.now();
    const result = await beforeWaitEnds(
      Date.now() + 100,
      () =>
        new Promise<string>((resolve) => pair.client.once("data", (data) => resolve(`${data}`))),
    );
    expect(result).toBe(WAIT_ENDED);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
