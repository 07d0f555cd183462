/**
 * The built bundle (dist/index.js, minified, with its own copy of the AWS SDK) names a command
 * a mocked client gave no answer to, as the source does: the minifier shortens the command's
 * class name, so the name must come from elsewhere (the command's operation schema). The test
 * makes the bundle's DynamoDB client answer nothing, as aws-sdk-client-mock does: it replaces
 * the send of the client's class, found as the connector defines the client's own send.
 */
import { type Connection, testing } from "@prismatic-io/spectral";
import { BUNDLE_PATH, ensureFreshBundle } from "../support/bundle";
import { keySecretConnection } from "../support/harness";
import { failure } from "../support/outcome";

type Harness = ReturnType<typeof testing.createHarness>;
let harness: Harness;
const connection: Connection = keySecretConnection();

beforeAll(() => {
  ensureFreshBundle();
  // The platform loads the bundle with require, as this does.
  harness = testing.createHarness(require(BUNDLE_PATH).default);
}, 360_000);

/** Runs `run` with every client the bundle makes answering nothing, as an unanswered mock does. */
async function withUnansweringClients<T>(run: () => Promise<T>): Promise<T> {
  const define = Object.defineProperty;
  const replaced: { send?: unknown }[] = [];
  Object.defineProperty = ((target: object, key: PropertyKey, descriptor: PropertyDescriptor) => {
    if (key === "send" && typeof descriptor.value === "function") {
      const ownClass = Object.getPrototypeOf(target) as { send?: unknown };
      define(ownClass, "send", { value: () => undefined, configurable: true, writable: true });
      replaced.push(ownClass);
    }
    return define(target, key, descriptor);
  }) as typeof Object.defineProperty;
  try {
    return await run();
  } finally {
    Object.defineProperty = define;
    for (const ownClass of replaced) delete ownClass.send;
  }
}

describe("the bundle, with a client that answers nothing", () => {
  it("names the unanswered command (ListTables), not 'a request'", async () => {
    const error = await withUnansweringClients(() =>
      failure(
        harness.action("listTables", {
          awsConnection: {
            ...connection,
            fields: { ...connection.fields, endpoint: "http://127.0.0.1:9" },
          },
          awsRegion: "eu-west-1",
        }),
      ),
    );
    expect(error).toMatchObject({ code: "noAnswer" });
    expect(error.message).toMatch(/no answer to the ListTables request.* mock ListTables too/);
  });
});
