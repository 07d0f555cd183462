/**
 * The error catalogue (src/errors/catalogue.ts) is the one list of the connector's error codes and
 * AWS error hints: each code is unique and documented at its anchor in docs/errors.md, every code
 * the source uses is in it and every entry is used, every AWS error name with a hint maps to
 * exactly one entry, and each hint is what the error mapping really says.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { AwsClients } from "../../src/aws/client";
import {
  assumeRoleError,
  callAws,
  markRefusedAfterRenewal,
  markResentAfterLostAnswer,
  StepError,
  toActionError,
} from "../../src/aws/errors";
import type { Step } from "../../src/aws/invocation";
import { changeReplica } from "../../src/engines/replicas";
import { sendTransaction } from "../../src/engines/transactions";
import { guardVersion } from "../../src/engines/versioning";
import {
  AWS_HINTS,
  catalogueEntries,
  ERRORS_PAGE,
  HINT_BY_CANCELLATION_REASON,
  HINT_BY_ERROR_NAME,
  HINT_BY_NETWORK_CODE,
  HINT_BY_TRANSACTION_ERROR,
  type HintCode,
  type HintEntry,
  INPUT_ERRORS,
  STEP_ERRORS,
} from "../../src/errors/catalogue";
import { InputError } from "../../src/errors/inputError";
import { cell } from "../../tools/docs/generate";
import { assumeRoleConnection, keySecretConnection } from "../support/harness";

const ROOT = path.join(__dirname, "..", "..");
const CATALOGUE = path.join("src", "errors", "catalogue.ts");
const entries = catalogueEntries();

describe("the catalogue's codes", () => {
  it("are unique across input errors, step errors and hints, and so are their anchors", () => {
    const twice = (values: string[]) => values.filter((value, i) => values.indexOf(value) !== i);
    expect(entries.length).toBe(
      Object.keys(INPUT_ERRORS).length +
        Object.keys(STEP_ERRORS).length +
        Object.keys(AWS_HINTS).length,
    );
    expect(twice(entries.map((entry) => entry.code))).toEqual([]);
    expect(twice(entries.map((entry) => entry.anchor))).toEqual([]);
  });

  it("each have a one-line meaning and an anchor in the form docs/errors.md uses", () => {
    for (const entry of entries) {
      expect(entry.meaning.trim()).not.toBe("");
      expect(entry.meaning).not.toMatch(/\n/);
      expect(entry.anchor).toMatch(/^(input|step|hint)-[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it("are each documented in docs/errors.md at their anchor, with their meaning, and nothing else is", () => {
    const page = fs.readFileSync(path.join(ROOT, ERRORS_PAGE), "utf8");
    const rows = page.split("\n").filter((line) => line.includes('<a id="'));
    for (const entry of entries) {
      const row = rows.find((line) => line.includes(`<a id="${entry.anchor}"></a>`));
      expect(row).toContain(`\`${entry.code}\``);
      expect(row).toContain(cell(entry.meaning));
      if (entry.hint) expect(row).toContain(cell(entry.hint.text));
    }
    const anchors = rows.map((line) => /<a id="([^"]+)"/.exec(line)?.[1]);
    expect(anchors).toEqual(entries.map((entry) => entry.anchor));
  });
});

/** Every .ts file under src/, the catalogue itself excepted. */
function sourceFiles(dir = path.join(ROOT, "src")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && path.relative(ROOT, full) !== CATALOGUE ? [full] : [];
  });
}

const parsed = sourceFiles().map((file) =>
  ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true),
);

function visitAll(visit: (node: ts.Node, file: ts.SourceFile) => void): void {
  for (const file of parsed) {
    const walk = (node: ts.Node) => {
      visit(node, file);
      ts.forEachChild(node, walk);
    };
    walk(file);
  }
}

/** A function's name and parameters: `function f(...)` or `const f = (...) =>`. */
function namedFunction(node: ts.Node): [string, readonly ts.ParameterDeclaration[]] | undefined {
  if (ts.isFunctionDeclaration(node) && node.name) return [node.name.text, node.parameters];
  if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name)) return undefined;
  const value = node.initializer;
  return value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))
    ? [node.name.text, value.parameters]
    : undefined;
}

/** Where a code goes in a call: `fail(label, code, ...)`, and any function with a code parameter. */
function codePositions(typeName: string, known: Record<string, number>): Map<string, number> {
  const positions = new Map(Object.entries(known));
  visitAll((node) => {
    const [name, parameters] = namedFunction(node) ?? ["", []];
    parameters.forEach((parameter, index) => {
      if (parameter.type?.getText() === typeName) positions.set(name, index);
    });
  });
  return positions;
}

/**
 * The codes the source gives at a code position: string literals, and the defaults of code
 * parameters. Anything else there (other than a code parameter passed on) is reported as odd.
 */
function codesUsed(typeName: string, known: Record<string, number>) {
  const positions = codePositions(typeName, known);
  const used = new Map<string, string[]>();
  const odd: string[] = [];
  const add = (code: string, where: string) => used.set(code, [...(used.get(code) ?? []), where]);
  visitAll((node, file) => {
    const where = () =>
      `${path.relative(ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    if (ts.isParameter(node) && node.type?.getText() === typeName && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) add(node.initializer.text, where());
      else odd.push(where());
    }
    if (!(ts.isCallExpression(node) || ts.isNewExpression(node))) return;
    if (!ts.isIdentifier(node.expression)) return;
    const index = positions.get(node.expression.text);
    const argument = index === undefined ? undefined : node.arguments?.[index];
    if (!argument) return;
    if (ts.isStringLiteral(argument)) add(argument.text, where());
    else if (!ts.isIdentifier(argument)) odd.push(where());
  });
  return { used, odd };
}

describe("the source", () => {
  it("uses only catalogued input-error codes, and every one of them", () => {
    const { used, odd } = codesUsed("InputErrorCode", { fail: 1, InputError: 1 });
    expect(odd).toEqual([]);
    expect([...used.keys()].filter((code) => !(code in INPUT_ERRORS))).toEqual([]);
    expect(Object.keys(INPUT_ERRORS).filter((code) => !used.has(code))).toEqual([]);
  });

  it("uses only catalogued step-error codes, and every one of them", () => {
    const { used, odd } = codesUsed("StepErrorCode", { StepError: 0 });
    expect(odd).toEqual([]);
    expect([...used.keys()].filter((code) => !(code in STEP_ERRORS))).toEqual([]);
    expect(Object.keys(STEP_ERRORS).filter((code) => !used.has(code))).toEqual([]);
  });

  it("names only catalogued hints, and every conditional hint by its code", () => {
    const named = new Set<string>();
    visitAll((node) => {
      if (!ts.isStringLiteral(node)) return;
      const call = node.parent;
      const asHintText =
        ts.isCallExpression(call) &&
        ["hintText", "chosenHint"].includes(call.expression.getText()) &&
        call.arguments[0] === node;
      let fn: ts.Node | undefined = node.parent;
      while (fn && !ts.isFunctionDeclaration(fn)) fn = fn.parent;
      const returnedAsCode =
        fn !== undefined &&
        ts.isFunctionDeclaration(fn) &&
        /\bHintCode\b/.test(fn.type?.getText() ?? "") &&
        (ts.isReturnStatement(node.parent) || ts.isConditionalExpression(node.parent));
      if (asHintText || returnedAsCode) named.add(node.text);
    });
    expect([...named].filter((code) => !(code in AWS_HINTS))).toEqual([]);
    const conditional = Object.entries(AWS_HINTS as Record<string, HintEntry>)
      .filter(([, hint]) => hint.match === "condition")
      .map(([code]) => code);
    expect(conditional.filter((code) => !named.has(code))).toEqual([]);
  });

  it("keeps no hint text of its own outside the catalogue", () => {
    const texts = Object.values(AWS_HINTS as Record<string, HintEntry>).map(
      (hint) => hint.text.split("{")[0],
    );
    const copies: string[] = [];
    visitAll((node, file) => {
      const literal =
        ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node);
      if (!literal) return;
      if (texts.some((text) => text.length > 30 && node.text.includes(text)))
        copies.push(`${path.relative(ROOT, file.fileName)}: ${node.text.slice(0, 40)}`);
    });
    expect(copies).toEqual([]);
  });
});

describe("AWS error names with a hint", () => {
  const hints = Object.entries(AWS_HINTS as Record<string, HintEntry>);

  it.each([
    ["name", HINT_BY_ERROR_NAME],
    ["networkCode", HINT_BY_NETWORK_CODE],
    ["transactionError", HINT_BY_TRANSACTION_ERROR],
    ["cancellationReason", HINT_BY_CANCELLATION_REASON],
  ] as const)("map to exactly one entry when matched by %s", (match, map) => {
    const names = hints.filter(([, hint]) => hint.match === match).flatMap(([, h]) => h.errors);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect([...map.keys()].sort()).toEqual([...names].sort());
  });

  it("map to exactly one entry for each condition they are named under", () => {
    const pairs = hints
      .filter(([, hint]) => hint.match === "condition")
      .flatMap(([, hint]) => hint.errors.map((name) => `${name} when ${hint.when}`));
    expect(pairs.filter((pair, i) => pairs.indexOf(pair) !== i)).toEqual([]);
    for (const [code, hint] of hints) {
      expect([code, hint.match === "condition"]).toEqual([code, hint.when !== undefined]);
      expect([code, hint.errors.length]).not.toEqual([code, 0]);
    }
  });
});

const awsError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error("AWS said no"), { name, $metadata: { httpStatusCode: 400 }, ...extra });

const call = (connection?: ReturnType<typeof keySecretConnection>) => ({
  operation: "GetItem",
  region: "eu-west-1",
  table: "Orders",
  connection,
});

const roleCall = {
  connection: assumeRoleConnection(),
  region: "eu-west-1",
  roleArn: "arn:aws:iam::123456789012:role/flows",
};

const renewed = (error: Error) => {
  markRefusedAfterRenewal(error);
  return error;
};

const byName = (code: HintCode) => () =>
  toActionError(awsError(AWS_HINTS[code].errors[0]), call()).message;

const byNetworkCode = (code: HintCode) => () => {
  const [networkCode] = AWS_HINTS[code].errors;
  const error = Object.assign(new Error(`connect ${networkCode} 10.0.0.1:443`), {
    code: networkCode,
  });
  return toActionError(error, call()).message;
};

const token = { sessionToken: "FwoGZXIvYXdzEXAMPLE" };

/** A transaction that fails with `error`, as Transact Write Items sends it. */
const transaction = (error: Error) => async () => {
  const entries = [{ name: "Operations[0] (put on Orders)", table: "Orders" }];
  const step = {
    clients: { region: "eu-west-1" } as AwsClients,
    region: "eu-west-1",
    connection: keySecretConnection(),
  } as Step;
  const summary = "Transaction cancelled; nothing was written.";
  const send = () => Promise.reject(error);
  const failed = await sendTransaction(step, "TransactWriteItems", entries, summary, send).catch(
    (e: Error) => e,
  );
  return (failed as Error).message;
};

const byTransactionError = (code: HintCode) => transaction(awsError(AWS_HINTS[code].errors[0]));

const byCancellationReason = (code: HintCode) =>
  transaction(
    awsError("TransactionCanceledException", {
      CancellationReasons: [{ Code: AWS_HINTS[code].errors[0] }],
    }),
  );

/** Add or Remove Replica's UpdateTable, refused with `error`, as the replica engine sends it. */
const replicaChange = (error: Error) => async () => {
  const region = "eu-west-1";
  const context = (operation: string) => ({ operation, region, table: "Orders" });
  const clients = { region, dynamodb: { send: () => Promise.reject(error) } };
  const step = {
    clients,
    region,
    table: "Orders",
    context,
    call: (operation: string, run: () => Promise<unknown>) => callAws(context(operation), run),
  } as unknown as Step;
  const request = {
    TableName: "Orders",
    ReplicaUpdates: [{ Create: { RegionName: "us-west-2" } }],
  };
  const failed = await changeReplica(step, request, "us-west-2").catch((e: Error) => e);
  return (failed as Error).message;
};

/**
 * A failure that each hint answers, mapped as the connector maps it. Typed by HintCode: a hint
 * added to the catalogue needs a case here.
 */
const SCENARIOS: Record<HintCode, () => string | Promise<string>> = {
  resourceNotFound: byName("resourceNotFound"),
  conditionFailed: byName("conditionFailed"),
  resentAfterLostAnswer: () => {
    const error = awsError("ConditionalCheckFailedException");
    markResentAfterLostAnswer(error);
    return toActionError(error, call()).message;
  },
  versionConflict: async () => {
    const error = awsError("ConditionalCheckFailedException", { Item: { version: { N: "4" } } });
    const lock = { attribute: "version", expected: "3", next: "4" };
    const failed = await guardVersion(lock, call(), false, () =>
      Promise.reject(toActionError(error, call())),
    ).catch((e: Error) => e);
    return (failed as Error).message;
  },
  transactionCanceled: byName("transactionCanceled"),
  keyConditionType: () =>
    toActionError(
      Object.assign(
        new Error(
          "One or more parameter values were invalid: Condition parameter type does not match schema type",
        ),
        { name: "ValidationException", $metadata: { httpStatusCode: 400 } },
      ),
      { ...call(), operation: "Query" },
    ).message,
  tableThrottled: byName("tableThrottled"),
  throttled: byName("throttled"),
  requestLimitExceeded: byName("requestLimitExceeded"),
  resourceInUse: byName("resourceInUse"),
  limitExceeded: byName("limitExceeded"),
  itemCollectionTooLarge: byName("itemCollectionTooLarge"),
  unrecognizedClient: byName("unrecognizedClient"),
  invalidSignature: byName("invalidSignature"),
  accessDenied: byName("accessDenied"),
  assumeRoleDenied: () => assumeRoleError(awsError("AccessDenied"), roleCall).message,
  tokenExpired: () => assumeRoleError(awsError("ExpiredTokenException"), roleCall).message,
  backupNotFound: byName("backupNotFound"),
  backupInUse: byName("backupInUse"),
  tableAlreadyExists: byName("tableAlreadyExists"),
  tableNotFound: byName("tableNotFound"),
  pointInTimeRecoveryOff: byName("pointInTimeRecoveryOff"),
  continuousBackupsUnavailable: byName("continuousBackupsUnavailable"),
  unknownOperation: byName("unknownOperation"),
  invalidRestoreTime: byName("invalidRestoreTime"),
  replicaRefused: replicaChange(awsError("ValidationException")),
  exportNotFound: byName("exportNotFound"),
  exportConflict: byName("exportConflict"),
  invalidExportTime: byName("invalidExportTime"),
  importNotFound: byName("importNotFound"),
  importConflict: byName("importConflict"),
  hostNotFound: byNetworkCode("hostNotFound"),
  hostLookupFailed: byNetworkCode("hostLookupFailed"),
  connectionRefused: byNetworkCode("connectionRefused"),
  connectionClosed: byNetworkCode("connectionClosed"),
  timeout: () => toActionError(awsError("TimeoutError"), call()).message,
  serviceTimeout: () => assumeRoleError(awsError("TimeoutError"), roleCall).message,
  answerCutShort: () =>
    toActionError(Object.assign(new Error("aborted"), { code: "ECONNRESET" }), call()).message,
  connectionWait: () =>
    toActionError(awsError("TimeoutError", { $waitedForConnection: true }), call()).message,
  clockSkew: () => toActionError(awsError("RequestTimeTooSkewed"), call()).message,
  unreadableAnswer: () =>
    toActionError(
      Object.assign(new SyntaxError("Unexpected token <"), { $response: { statusCode: 502 } }),
      call(),
    ).message,
  roleSessionRefused: () =>
    toActionError(awsError("ExpiredTokenException"), call(assumeRoleConnection())).message,
  roleSessionRefusedAgain: () =>
    toActionError(renewed(awsError("ExpiredTokenException")), call(assumeRoleConnection())).message,
  roleAccessDenied: () =>
    toActionError(awsError("AccessDeniedException"), call(assumeRoleConnection())).message,
  roleAccessDeniedAgain: () =>
    toActionError(renewed(awsError("AccessDeniedException")), call(assumeRoleConnection())).message,
  sessionTokenExpired: () =>
    toActionError(awsError("ExpiredTokenException"), call(keySecretConnection(token))).message,
  credentialsExpired: () =>
    toActionError(awsError("ExpiredTokenException"), call(keySecretConnection())).message,
  sessionTokenMismatch: () =>
    toActionError(awsError("UnrecognizedClientException"), call(keySecretConnection(token)))
      .message,
  transactionTokenReused: byTransactionError("transactionTokenReused"),
  transactionInProgress: byTransactionError("transactionInProgress"),
  reasonConditionFailed: byCancellationReason("reasonConditionFailed"),
  reasonTransactionConflict: byCancellationReason("reasonTransactionConflict"),
  reasonThroughputExceeded: byCancellationReason("reasonThroughputExceeded"),
  reasonThrottled: byCancellationReason("reasonThrottled"),
  reasonItemCollectionTooLarge: byCancellationReason("reasonItemCollectionTooLarge"),
  reasonValidation: byCancellationReason("reasonValidation"),
  reasonDuplicateItem: byCancellationReason("reasonDuplicateItem"),
  permissionNeeded: byName("accessDenied"),
  assumeRoleNeeded: () => assumeRoleError(awsError("AccessDenied"), roleCall).message,
};

/**
 * Hints added after another one: the permission a refused request needed follows the hint of
 * the refusal, so the two come together.
 */
const COMPANIONS: [HintCode, HintCode][] = [
  ["permissionNeeded", "accessDenied"],
  ["permissionNeeded", "roleAccessDenied"],
  ["permissionNeeded", "roleAccessDeniedAgain"],
  ["assumeRoleNeeded", "assumeRoleDenied"],
];
const companions = (a: HintCode, b: HintCode) =>
  COMPANIONS.some(([x, y]) => (x === a && y === b) || (x === b && y === a));

/** The hint's text as a pattern: each `{part}` matches what is filled in, the rest as written. */
function hintPattern(text: string): RegExp {
  const parts = text.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(parts.join(".*?"));
}

describe("each hint", () => {
  it.each(Object.keys(AWS_HINTS) as HintCode[])(
    "%s is what the error mapping says for a failure it answers",
    async (code) => {
      const message = await SCENARIOS[code]();
      expect(message).toMatch(hintPattern(AWS_HINTS[code].text));
      // Only the hint it answers: no other hint's full text is in the message.
      const others = (Object.keys(AWS_HINTS) as HintCode[]).filter(
        (other) =>
          other !== code &&
          !companions(code, other) &&
          !AWS_HINTS[code].text.includes(AWS_HINTS[other].text) &&
          hintPattern(AWS_HINTS[other].text).test(message),
      );
      expect(others).toEqual([]);
    },
  );
});

describe("the error types", () => {
  it("carry their catalogue code and keep their message", () => {
    const input = new InputError("Table Name", "required", "Table Name is required.");
    expect([input.name, input.code, input.label, input.message]).toEqual([
      "InputError",
      "required",
      "Table Name",
      "Table Name is required.",
    ]);
    const step = new StepError("pageLimit", "Scan: stopped after 10000 pages.");
    expect([step.name, step.code, step.message]).toEqual([
      "StepError",
      "pageLimit",
      "Scan: stopped after 10000 pages.",
    ]);
    expect(toActionError(step, call())).toBe(step);
  });
});
