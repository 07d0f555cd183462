/**
 * A secret an endpoint echoes back in an encoding of its own (JSON escapes, partial URL
 * encoding, HTML entities, another letter case, wrapped over lines) is redacted from the step's
 * error, its cause and the answer body the cause keeps, as the raw form is. The action runs with
 * the SDK mocked; the mocked failure is what the SDK makes of an answer it could not read.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { MAX_REDACTED_CHARS, redact, redactDeep } from "../../src/aws/redaction";
import { allText } from "../support/allText";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { cpuMs } from "../support/loopShare";

/** Shaped like an STS session token: base64 text, with "/", "+" and "=". */
const TOKEN = "IQoJb3JpZ2luX2VjEPr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+kL7mZ9A1x2f3Ag==";
/** A Secret Access Key with the odd characters an HTTP header can carry. */
const ODD_SECRET = `wJalr"XUtn\\FEMI<K7&MDENG'bPxR/fi(CY)*EXAMPLE`;

const ddbMock = mockClient(DynamoDBClient);
beforeEach(() => {
  resetCaches();
  ddbMock.reset();
});
afterAll(() => ddbMock.restore());

/** The step's error when DynamoDB answers `status` with `body`, which the SDK could not read. */
async function stepErrorFor(body: string): Promise<Error> {
  const unreadable = Object.assign(new SyntaxError(`Unexpected token in JSON: ${body}`), {
    $responseBodyText: body,
    $response: { statusCode: 502, body },
    $metadata: { httpStatusCode: 502 },
  });
  ddbMock.on(DescribeTableCommand).rejects(unreadable);
  const failure = await harness
    .action("describeTable", {
      awsConnection: keySecretConnection({ secretAccessKey: ODD_SECRET, sessionToken: TOKEN }),
      awsRegion: "us-east-1",
      tableName: "Customers",
    })
    .then(
      () => undefined,
      (error: Error) => error,
    );
  if (!failure) throw new Error("the step was expected to fail");
  return failure;
}

/** `text` in lines of `width` characters, as MIME base64 and PEM are written. */
function wrapped(text: string, width: number, lineBreak = "\r\n"): string {
  return (text.match(new RegExp(`.{1,${width}}`, "g")) ?? []).join(lineBreak);
}

const TOKEN_ECHOES: [string, string][] = [
  [
    "JSON with escaped slashes (as PHP and some Java encoders write it)",
    TOKEN.replace(/\//g, "\\/"),
  ],
  ["JSON with \\u escapes", TOKEN.replace(/[/+=]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)],
  [
    "URL-encoded leaving '/' as it is (Python's quote)",
    TOKEN.replace(/[+=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  ],
  ["in upper case", TOKEN.toUpperCase()],
  ["in lower case", TOKEN.toLowerCase()],
  ["wrapped over lines", wrapped(TOKEN, 24, "\n  ")],
  [
    "base64-encoded, wrapped at 76 characters (MIME)",
    wrapped(Buffer.from(`x-amz-security-token: ${TOKEN}`).toString("base64"), 76),
  ],
];

const SECRET_ECHOES: [string, string][] = [
  ["JSON-escaped", JSON.stringify(ODD_SECRET).slice(1, -1)],
  [
    "HTML-escaped",
    ODD_SECRET.replace(/&/g, "&amp;")
      .replace(/"/g, "&quot;")
      .replace(/</g, "&lt;")
      .replace(/'/g, "&#39;"),
  ],
  [
    "URL-encoded with every reserved character (RFC 3986)",
    encodeURIComponent(ODD_SECRET).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    ),
  ],
];

describe("a secret echoed by the endpoint", () => {
  it.each([...TOKEN_ECHOES, ...SECRET_ECHOES])(
    "%s is in neither the step's error nor its cause",
    async (_form, echoed) => {
      const error = await stepErrorFor(`<html><pre>echo: ${echoed} :end</pre></html>`);
      const text = `${error.message}\n${error.stack}\n${allText(error)}`;
      expect(text).toContain("****");
      expect(text).not.toContain(echoed);
      // Not even the bulk of it: at most a few characters at either edge stay.
      expect(text).not.toContain(echoed.slice(4, -4));
      expect(error.message).toContain("502");
    },
  );
});

describe("redact", () => {
  it("keeps text that only resembles a secret's encoding", () => {
    const text = "status 502 &amp; retry %2B1 \\/path line\nnext";
    expect(redact(text, [TOKEN, ODD_SECRET])).toBe(text);
  });

  it("masks each echo of a secret whatever its encoding, and the text around it stays", () => {
    const upper = TOKEN.toUpperCase();
    expect(redact(`a=${upper}; b=${TOKEN.replace(/\//g, "\\/")}; c`, [TOKEN])).toBe(
      "a=****; b=****; c",
    );
  });

  it("masks an echo wherever it sits in a long text (long text is read in windows)", () => {
    const echo = TOKEN.replace(/\//g, "&#x2F;");
    for (const offset of [0, 131_000, 131_072 - 20, 131_072, 262_144 - 7, 400_000]) {
      const text = `${"&".repeat(offset)}${echo}${"x".repeat(300_000)}`;
      const redacted = redact(text, [TOKEN]);
      expect(redacted.slice(offset, offset + 4)).toBe("****");
      expect(redacted.length).toBe(text.length - echo.length + 4);
    }
  });

  it("keeps at most MAX_REDACTED_CHARS of one text, so that an endpoint's 64 MB answer is not searched whole", () => {
    const page = "<p>a &amp; b\n</p>".repeat(2_000_000);
    const time = (text: string) => {
      const start = cpuMs();
      const [kept] = redactDeep([text], [TOKEN]);
      return { ms: cpuMs() - start, kept };
    };
    // This thread's CPU time (loopShare), which another suite's work on the machine does not add
    // to; the fastest of a few runs also leaves out a run that a collection lengthened.
    const fastest = (text: string, runs: number) => {
      const all = Array.from({ length: runs }, () => time(text));
      return all.reduce((best, run) => (run.ms < best.ms ? run : best));
    };
    time(page.slice(0, MAX_REDACTED_CHARS));
    const limit = fastest(page.slice(0, MAX_REDACTED_CHARS), 3);
    const whole = fastest(`${page}${TOKEN}`, 2);
    expect(whole.kept.startsWith(page.slice(0, MAX_REDACTED_CHARS))).toBe(true);
    expect(whole.kept).toMatch(/ \[\d+ more characters left out\]$/);
    expect(whole.kept).not.toContain(TOKEN);
    expect(whole.ms).toBeLessThan(limit.ms * 8 + 100);
  });

  it("takes time in proportion to the text, however close to a secret it comes", () => {
    const near = `${TOKEN.slice(0, -1).replace(/\//g, "%2f")}\n`;
    const time = (copies: number) => {
      const text = near.repeat(copies);
      const start = cpuMs();
      redact(text, [TOKEN, ODD_SECRET]);
      return cpuMs() - start;
    };
    time(500);
    // The fastest of three runs each, in this thread's CPU time, as above.
    const fastest = (copies: number) => Math.min(time(copies), time(copies), time(copies));
    const small = Math.max(fastest(2_000), 1);
    const large = fastest(16_000);
    expect(large / small).toBeLessThan(8 * 3);
  });
});
