/**
 * An AWS Role ARN connection in a process that many tenants share, on the source and the built
 * bundle, against DynamoDB Local behind the fault proxy and a fake STS: its temporary session
 * token stays redacted from what an endpoint echoes after 140 other role connections came and
 * went through the client cache, and the process's AWS environment (AWS_ENDPOINT_URL_STS,
 * AWS_ENDPOINT_URL, AWS_MAX_ATTEMPTS) neither redirects its STS calls nor changes the attempts of
 * its DynamoDB requests.
 */
import {
  type FakeSts,
  type FaultProxy,
  startFakeSts,
  startFaultProxy,
} from "../../tools/faultProxy";
import {
  type ComponentUnderTest,
  componentsUnderTest,
  useStsEndpoint,
} from "../support/components";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localEndpoint,
  uniqueTableName,
} from "../support/local";

const table = uniqueTableName("limits");
const TOKEN_PREFIX = "LimitsTemporaryToken";
let proxy: FaultProxy;
let sts: FakeSts;

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  sts = await startFakeSts({
    accessKeyId: "ASIALIMITS",
    secretAccessKey: "LimitsTemporary/Secret+Key",
    sessionTokenPrefix: TOKEN_PREFIX,
  });
  useStsEndpoint(sts.endpoint);
  await createTestTable(table, { hashKey: { name: "id", type: "S" } });
});

afterAll(async () => {
  useStsEndpoint(undefined);
  await sts.close();
  await proxy.close();
  await deleteTestTable(table);
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    (result) => {
      throw new Error(`Expected a failure, got ${JSON.stringify(result).slice(0, 200)}`);
    },
    (error: Error) => error,
  );
}

describe.each(componentsUnderTest())("%s", (_name, load) => {
  let component: ComponentUnderTest;
  beforeAll(() => {
    component = load();
  });

  beforeEach(() => {
    proxy.reset();
    component.resetCaches();
    component.resetClientSettings();
  });

  afterAll(() => {
    component.resetClientSettings();
    component.resetCaches();
  });

  describe("a cached role connection's temporary token", () => {
    const role = (tag: string) => ({
      key: "awsAssumeRole",
      configVarKey: "",
      fields: {
        roleARN: "arn:aws:iam::123456789012:role/LimitsRole",
        accessKeyId: "AKIALIMITS",
        secretAccessKey: "limits/master+secret",
        externalId: `limits-${component.name}-${tag}`,
        endpoint: proxy.endpoint,
      },
    });
    const describeTable = (tag: string) =>
      failure(
        component.harness.action("describeTable", {
          awsConnection: role(tag),
          awsRegion: LOCAL_REGION,
          tableName: table,
        }),
      );

    it("stays redacted after 140 other role connections came and went", async () => {
      sts.calls.length = 0;
      proxy.inject("*", ...Array.from({ length: 400 }, () => ({ kind: "echo" as const })));
      const first = await describeTable("kept");
      const token = `${TOKEN_PREFIX}-1`;
      const leaked = new RegExp(`${token}(?!\\d)`);
      expect(first.message).toContain("Echo: ****");
      expect(first.message).not.toMatch(leaked);
      for (let other = 1; other <= 140; other++) {
        await describeTable(`other-${other}`);
        // Keeps the first connection's client cached (the cache holds 32).
        if (other % 10 === 0) await describeTable("kept");
      }
      expect(sts.calls.length).toBe(141);
      const later = await describeTable("kept");
      expect(later.message).toContain("Echo: ****");
      expect(later.message).not.toMatch(leaked);
    });
  });

  describe("the process's AWS settings", () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const name of ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL", "AWS_MAX_ATTEMPTS"]) {
        delete process.env[name];
      }
      Object.assign(process.env, saved);
    });

    it("do not send STS calls elsewhere, nor change the attempts of DynamoDB requests", async () => {
      const elsewhere = await startFakeSts({
        accessKeyId: "ASIAELSEWHERE",
        secretAccessKey: "elsewhere-secret",
      });
      try {
        process.env.AWS_ENDPOINT_URL_STS = elsewhere.endpoint;
        process.env.AWS_ENDPOINT_URL = elsewhere.endpoint;
        process.env.AWS_MAX_ATTEMPTS = "7";
        sts.calls.length = 0;
        proxy.inject(
          "*",
          ...Array.from({ length: 10 }, () => ({
            kind: "serverError" as const,
            status: 500 as const,
          })),
        );
        const error = await failure(
          component.harness.action("describeTable", {
            awsConnection: {
              key: "awsAssumeRole",
              configVarKey: "",
              fields: {
                roleARN: "arn:aws:iam::123456789012:role/LimitsRole",
                accessKeyId: "AKIALIMITS",
                secretAccessKey: "limits/master+secret",
                externalId: `limits-${component.name}-env`,
                endpoint: proxy.endpoint,
              },
            },
            awsRegion: LOCAL_REGION,
            tableName: table,
          }),
        );
        expect(error.message).toMatch(/^DescribeTable failed/);
        expect(elsewhere.calls).toHaveLength(0);
        expect(sts.calls).toHaveLength(1);
        // The default 4 attempts, not AWS_MAX_ATTEMPTS.
        expect(proxy.count("DescribeTable")).toBe(4);
      } finally {
        await elsewhere.close();
      }
    });
  });
});
