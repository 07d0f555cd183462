/**
 * Every regular expression in src/ runs in linear time: each regex literal and each
 * `new RegExp("...")` / `RegExp("...")` with a literal pattern is found with the TypeScript parser
 * and checked by recheck (a ReDoS analyser), so a super-linear one added later fails CI. A RegExp
 * built from a non-literal pattern cannot be checked and fails the test too.
 */
import fs from "node:fs";
import path from "node:path";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { checkSync } from "recheck";
import ts from "typescript";
import { isSelect } from "../../src/engines/partiql";
import component from "../../src/index";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { cpuMs } from "../support/loopShare";

const SRC = path.join(__dirname, "..", "..", "src");

interface FoundRegex {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every regex of one file, and the RegExp constructions whose pattern is not a literal. */
function regexesOf(file: string): { found: FoundRegex[]; unchecked: string[] } {
  const text = fs.readFileSync(file, "utf8");
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: FoundRegex[] = [];
  const unchecked: string[] = [];
  const where = (node: ts.Node) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart());
    return `${path.relative(SRC, file)}:${line + 1}`;
  };
  const visit = (node: ts.Node) => {
    if (ts.isRegularExpressionLiteral(node)) {
      const literal = node.text;
      const end = literal.lastIndexOf("/");
      found.push({
        where: where(node),
        source: literal.slice(1, end),
        flags: literal.slice(end + 1),
      });
    }
    if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "RegExp"
    ) {
      const [pattern, flags] = node.arguments ?? [];
      if (pattern && ts.isStringLiteralLike(pattern) && (!flags || ts.isStringLiteralLike(flags))) {
        found.push({ where: where(node), source: pattern.text, flags: flags?.text ?? "" });
      } else {
        unchecked.push(where(node));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { found, unchecked };
}

const all = sourceFiles(SRC).map(regexesOf);
const regexes = all.flatMap((file) => file.found);
const unchecked = all.flatMap((file) => file.unchecked);

describe("regular expressions in src/", () => {
  it("are found (the extraction works)", () => {
    expect(regexes.length).toBeGreaterThan(20);
    expect(regexes.some((regex) => regex.where.startsWith("aws/client.ts"))).toBe(true);
  });

  it("are all literals, so that each can be checked", () => {
    expect(unchecked).toEqual([]);
  });

  it.each(regexes.map((regex) => [`${regex.where} /${regex.source}/${regex.flags}`, regex]))(
    "%s runs in linear time",
    (_title, regex) => {
      const result = checkSync((regex as FoundRegex).source, (regex as FoundRegex).flags, {
        randomSeed: 42,
        timeout: 20_000,
      });
      const summary =
        result.status === "vulnerable"
          ? `${result.complexity.summary}, attack: ${result.attack.pattern}`
          : result.status;
      expect(summary).toBe("safe");
    },
  );
});

/**
 * Inputs that make a backtracking matcher blow up (repeated comments, runs of white space before a
 * missing newline, escaped quotes, placeholders, parentheses, slashes), at 100 KB and at the sizes
 * just under DynamoDB's limits (4 KB expressions, 8 KB statements), where they pass local checks.
 */
function hostile(size: number): [string, string][] {
  const fill = (unit: string, tail = "") =>
    unit.repeat(Math.max(1, Math.floor((size - tail.length) / unit.length))) + tail;
  return [
    ["empty comments", fill("/**/", " DELETE FROM \"T\" WHERE id = 'x'")],
    ["unclosed comments", fill("/*", "")],
    ["line comments", fill("--\n", "SELECT")],
    ["parentheses", fill("(", "SELECT * FROM T")],
    ["white space before a missing newline", fill("\t", "\u0000\n")],
    ["spaces", fill(" ", "x")],
    ["escaped quotes", fill('\t\\"\\', '\u0000\\\n""')],
    ["quotes", fill("'\"", "")],
    ["placeholders", fill("#a :b ", "")],
    ["paths", fill("a.b[0].", "c")],
    ["slashes and padding", fill("/=", "")],
    ["digits", fill("1234567890", "e")],
  ];
}

describe("statement and expression inputs of any size", () => {
  const ddbMock = mockClient(DynamoDBClient);

  /** What each action needs besides the input under test. */
  const BASE: Record<string, Record<string, unknown>> = {
    getItem: { tableName: "T", value: "1" },
    createItem: { tableName: "T", itemJson: '{"id": "1"}' },
    updateItem: { tableName: "T", value: "1", query: "SET a = :a" },
    deleteItem: { tableName: "T", value: "1" },
    queryItems: { tableName: "T", keyConditionExpression: "id = :id" },
    scanItems: { tableName: "T" },
    batchGetItems: { tableName: "T", keys: '[{"id": "1"}]' },
    rawRequest: { statement: "SELECT * FROM T" },
    transactWriteItems: {},
    transactGetItems: {},
  };

  type Case = [string, string, string, Record<string, unknown>];

  /** Every input labelled "... Expression" or "Statement", and the transactions' JSON lists. */
  function cases(size: number): Case[] {
    const found: Case[] = [];
    for (const [key, action] of Object.entries(component.actions)) {
      for (const input of action.inputs as unknown as { key: string; label: string }[]) {
        if (!/Expression$/.test(input.label) && input.label !== "Statement") continue;
        for (const [name, text] of hostile(size)) {
          found.push([key, input.label, name, { ...BASE[key], [input.key]: text }]);
        }
      }
    }
    for (const [name, text] of hostile(size)) {
      found.push([
        "transactWriteItems",
        "Operations",
        name,
        {
          operations: JSON.stringify([
            { update: { tableName: "T", key: { id: "1" }, updateExpression: text } },
            { conditionCheck: { tableName: "T", key: { id: "2" }, conditionExpression: text } },
          ]),
        },
      ]);
      found.push([
        "transactGetItems",
        "Gets",
        name,
        {
          gets: JSON.stringify([{ tableName: "T", key: { id: "1" }, projectionExpression: text }]),
        },
      ]);
    }
    return found;
  }

  beforeEach(() => {
    resetCaches();
    ddbMock.reset();
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        TableName: "T",
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      },
    });
  });

  afterAll(() => ddbMock.restore());

  it("classifies a statement behind repeated empty comments at once", () => {
    // The reported case, cut to 24 comments: a backtracking classifier took seconds here (and
    // twice as long per extra comment), not microseconds.
    const statement = `${"/**/".repeat(24)} DELETE FROM "T" WHERE id = 'x'`;
    // In CPU time (support/loopShare.ts): a busy machine can pause the process for longer than
    // the bound, but does not add CPU time. The fastest of three runs leaves out a run that a
    // garbage collection of the worker's heap lengthened.
    const classify = () => {
      const started = cpuMs();
      expect(isSelect(statement)).toBe(false);
      expect(isSelect(`${"/**/".repeat(24)} select * from "T"`)).toBe(true);
      return cpuMs() - started;
    };
    expect(Math.min(classify(), classify(), classify())).toBeLessThan(50);
  });

  it("covers every statement and expression input", () => {
    const inputs = new Set(cases(10).map(([key, label]) => `${key} ${label}`));
    expect(inputs.size).toBeGreaterThanOrEqual(13);
    for (const key of Object.keys(BASE)) {
      expect([...inputs].some((entry) => entry.startsWith(`${key} `))).toBe(true);
    }
  });

  it.each([100 * 1024, 8 * 1024 - 64, 4 * 1024 - 64])(
    "handles inputs of %i characters in well under a second each",
    async (size) => {
      const slow: string[] = [];
      for (const [key, label, name, params] of cases(size)) {
        // CPU time, which a loaded machine does not add to (support/loopShare.ts); the frozen
        // process this guards against took minutes of it.
        const started = cpuMs();
        await harness
          .action(key, { awsConnection: keySecretConnection(), awsRegion: "us-east-1", ...params })
          .catch(() => undefined);
        const elapsed = cpuMs() - started;
        if (elapsed > 500) slow.push(`${key} ${label} with ${name}: ${Math.round(elapsed)} ms CPU`);
      }
      expect(slow).toEqual([]);
    },
  );
});
