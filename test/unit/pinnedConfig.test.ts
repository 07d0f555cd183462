/**
 * Where requests go and how often they are tried depends on the connection and the step only,
 * never on the process's environment or shared AWS config files (one process serves many tenants).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { getClients } from "../../src/aws/client";
import { keySecretConnection, resetCaches } from "../support/harness";

const saved = { ...process.env };
const directory = mkdtempSync(join(tmpdir(), "pinned-config-"));
const configFile = join(directory, "config");
writeFileSync(
  configFile,
  [
    "[default]",
    "endpoint_url = http://127.0.0.1:9/from-config-file",
    "max_attempts = 9",
    "retry_mode = adaptive",
    "use_fips_endpoint = true",
    "use_dualstack_endpoint = true",
    "",
  ].join("\n"),
);

/** Where the client would send a GetItem: the request is stopped before it leaves. */
async function destination(client: ReturnType<typeof getClients>["dynamodb"]): Promise<string> {
  const command = new GetItemCommand({ TableName: "Customers", Key: { id: { S: "1" } } });
  let url = "";
  (command.middlewareStack as { add: (...args: unknown[]) => void }).add(
    () => async (args: { request: { protocol: string; hostname: string; port?: number } }) => {
      const { protocol, hostname, port } = args.request;
      url = `${protocol}//${hostname}${port ? `:${port}` : ""}`;
      throw new Error("stopped before sending");
    },
    { step: "finalizeRequest", priority: "low", name: "stopBeforeSending" },
  );
  await expect(client.send(command)).rejects.toThrow("stopped before sending");
  return url;
}

/** A config value, whether the SDK keeps it as is or as a provider. */
const resolved = async (value: unknown) =>
  typeof value === "function" ? await (value as () => unknown)() : value;

describe.each([
  [
    "environment variables",
    {
      AWS_ENDPOINT_URL: "http://127.0.0.1:9/from-env",
      AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9/from-env-dynamodb",
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: "http://127.0.0.1:9/from-env-streams",
      AWS_MAX_ATTEMPTS: "7",
      AWS_RETRY_MODE: "adaptive",
      AWS_USE_FIPS_ENDPOINT: "true",
      AWS_USE_DUALSTACK_ENDPOINT: "true",
    },
  ],
  ["a shared config file's profile", { AWS_CONFIG_FILE: configFile, AWS_PROFILE: "default" }],
])("the process's %s", (_where, variables: Record<string, string>) => {
  beforeEach(() => {
    resetCaches();
    Object.assign(process.env, variables);
  });
  afterEach(() => {
    for (const name of Object.keys(variables)) delete process.env[name];
    Object.assign(process.env, saved);
    resetCaches();
  });

  it("do not change where a blank Endpoint URL sends requests", async () => {
    const clients = getClients(keySecretConnection(), "eu-west-1");
    expect(await destination(clients.dynamodb)).toMatch(
      /^https:\/\/(\d{12}\.ddb|dynamodb)\.eu-west-1\.amazonaws\.com$/,
    );
    const streams = clients.streams() as unknown as ReturnType<typeof getClients>["dynamodb"];
    expect(await destination(streams)).toBe("https://streams.dynamodb.eu-west-1.amazonaws.com");
  });

  it("do not change the connection's own Endpoint URL", async () => {
    const clients = getClients(
      keySecretConnection({ endpoint: "http://localhost:8000" }),
      "eu-west-1",
    );
    expect(await destination(clients.dynamodb)).toBe("http://localhost:8000");
  });

  it("do not change the attempts (4 when Max Attempts is blank) or the retry mode", async () => {
    const blank = getClients(keySecretConnection(), "eu-west-1").dynamodb.config;
    expect(await resolved(blank.maxAttempts)).toBe(4);
    expect(await resolved(blank.retryMode)).toBe("standard");
    expect(((await blank.retryStrategy()) as { mode?: string }).mode).toBe("standard");
    expect(await resolved(blank.useFipsEndpoint)).toBe(false);
    expect(await resolved(blank.useDualstackEndpoint)).toBe(false);
    const two = getClients(keySecretConnection(), "eu-west-1", { maxAttempts: 2 }).dynamodb.config;
    expect(await resolved(two.maxAttempts)).toBe(2);
  });
});
