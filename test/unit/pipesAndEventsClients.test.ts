/**
 * The EventBridge Pipes and EventBridge clients come from the one credential factory: the
 * connection's credentials, the pinned retry settings, the attempt deadline, cached with the
 * connection's other clients; AWS's regional endpoints, never the connection's Endpoint URL
 * (which is DynamoDB's), unless a test points them at a fake.
 */
import { DeadlineHttpHandler } from "../../src/aws/attemptDeadline";
import {
  cachedClientCount,
  clearClientCache,
  clientSettings,
  getClients,
} from "../../src/aws/client";
import { keySecretConnection } from "../support/harness";

afterEach(() => {
  clientSettings.pipesEndpoint = undefined;
  clientSettings.eventsEndpoint = undefined;
  clearClientCache();
});

interface ResolvedConfig {
  isCustomEndpoint: boolean;
  region: () => Promise<string>;
  maxAttempts: () => Promise<number>;
  requestHandler: unknown;
  credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string }>;
}

it("builds both from the connection, with its credentials and pinned settings, once per entry", async () => {
  const connection = keySecretConnection({ endpoint: "http://localhost:8000" });
  const clients = getClients(connection, "eu-west-1");
  const pipes = clients.pipes();
  const events = clients.events();
  expect(clients.pipes()).toBe(pipes);
  expect(getClients(connection, "eu-west-1").events()).toBe(events);
  expect(cachedClientCount()).toBe(1);
  for (const client of [pipes, events]) {
    const config = client.config as unknown as ResolvedConfig;
    expect(await config.region()).toBe("eu-west-1");
    expect(await config.maxAttempts()).toBe(4);
    expect(config.requestHandler).toBeInstanceOf(DeadlineHttpHandler);
    expect(await config.credentials()).toMatchObject({ accessKeyId: "AKIAUNITTEST" });
    // The connection's Endpoint URL is DynamoDB's: Pipes and EventBridge go to AWS.
    expect(config.isCustomEndpoint).toBe(false);
  }
  expect((clients.dynamodb.config as unknown as ResolvedConfig).isCustomEndpoint).toBe(true);
});

it("reaches a fake only through the test hooks, and its Max Attempts follows the step's", async () => {
  clientSettings.pipesEndpoint = "http://127.0.0.1:9";
  clientSettings.eventsEndpoint = "http://127.0.0.1:10";
  const clients = getClients(keySecretConnection(), "us-east-1", { maxAttempts: 2 });
  const pipes = clients.pipes().config as unknown as ResolvedConfig & {
    endpoint: () => Promise<{ hostname: string; port?: number }>;
  };
  const events = clients.events().config as unknown as typeof pipes;
  expect(pipes.isCustomEndpoint).toBe(true);
  expect((await pipes.endpoint()).port).toBe(9);
  expect((await events.endpoint()).port).toBe(10);
  expect(await pipes.maxAttempts()).toBe(2);
});
