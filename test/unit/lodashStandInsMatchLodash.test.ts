/**
 * The lodash functions the bundle replaces (tools/webpack/lodash/, aliased by webpack.config.js)
 * give what lodash's own give, for the calls spectral makes and for the odd ones it could make:
 * both are run on the same inputs and their results compared, keys and key order included.
 */
import path from "node:path";

type OmitFunction = (object: unknown, ...paths: unknown[]) => Record<PropertyKey, unknown>;
type ChangeCase = (text: unknown) => string;
// lodash comes with spectral, without type declarations.
const lodashOmit = require("lodash/omit") as OmitFunction;
const lodashCamelCase = require("lodash/camelCase") as ChangeCase;
const lodashSnakeCase = require("lodash/snakeCase") as ChangeCase;
const STAND_INS = path.join(__dirname, "..", "..", "tools", "webpack", "lodash");
const omit = require(path.join(STAND_INS, "omit")) as OmitFunction;
const camelCase = require(path.join(STAND_INS, "camelCase")) as ChangeCase;
const snakeCase = require(path.join(STAND_INS, "snakeCase")) as ChangeCase;

/** Own keys in order (strings, then symbols) with their property descriptors. */
function described(value: object): [PropertyKey, PropertyDescriptor | undefined][] {
  return Reflect.ownKeys(value).map((key) => [key, Object.getOwnPropertyDescriptor(value, key)]);
}

const tag = Symbol("tag");
const hidden = Symbol("hidden");

function withSymbols(): Record<PropertyKey, unknown> {
  const object: Record<PropertyKey, unknown> = { label: "Table Name", [tag]: 1 };
  Object.defineProperty(object, hidden, { value: 2, enumerable: false });
  return object;
}

function withOwnProto(): object {
  const object = JSON.parse('{"a": 1, "__proto__": {"polluted": true}, "b": 2}');
  return object;
}

function withoutPrototype(): object {
  const object = Object.create(null);
  object.key = "k";
  object.clean = () => "x";
  return object;
}

class Definition {
  label = "Label";
  clean = (value: unknown) => value;
}

const CASES: [string, () => unknown, unknown[]][] = [
  [
    "an input definition, as spectral omits its own keys",
    () => ({
      label: "Table Name",
      type: "string",
      clean: (value: unknown) => value,
      default: "",
      model: [{ label: "A", value: "a" }],
      permissionAndVisibilityType: "customer",
    }),
    [["clean", "permissionAndVisibilityType", "visibleToOrgDeployer", "writeOnly"]],
  ],
  ["keys given as separate arguments", () => ({ a: 1, b: 2, c: 3 }), ["a", "c"]],
  ["keys that are absent", () => ({ a: 1 }), [["x", "y"]]],
  ["no keys", () => ({ a: 1, b: undefined }), []],
  ["an undefined value kept", () => ({ a: undefined, b: 2 }), [["b"]]],
  ["a null object", () => null, [["a"]]],
  ["an undefined object", () => undefined, [["a"]]],
  ["symbol keys, one of them omitted", withSymbols, [[tag]]],
  ["symbol keys kept (only enumerable ones copied)", withSymbols, [["label"]]],
  ["an own __proto__ key", withOwnProto, [["a"]]],
  ["an object without a prototype", withoutPrototype, [["clean"]]],
  ["a deep path (lodash's own omit)", () => ({ a: { b: 1, c: 2 }, d: 3 }), [["a.b"]]],
  ["an index path (lodash's own omit)", () => ({ a: [1, 2], d: 3 }), [["a[0]"]]],
  ["a dotted key that is an own key", () => ({ "a.b": 1, c: 2 }), [["a.b"]]],
  ["an array", () => ["x", "y", "z"], [["1"]]],
  ["a class instance", () => new Definition(), [["clean"]]],
  ["a number key", () => ({ 1: "one", 2: "two" }), [[1]]],
];

describe("the bundle's omit", () => {
  it.each(CASES)("gives what lodash's omit gives: %s", (_name, make, paths) => {
    const ours = omit(make(), ...paths);
    const theirs = lodashOmit(make(), ...paths);
    expect(described(ours)).toEqual(described(theirs));
    expect(Object.getPrototypeOf(ours)).toBe(Object.getPrototypeOf(theirs));
  });

  it("copies the values it keeps, not the object (the source is left as it was)", () => {
    const source = { a: 1, b: { c: 2 } };
    const result = omit(source, ["a"]);
    expect(result).not.toBe(source);
    expect(source).toEqual({ a: 1, b: { c: 2 } });
    expect(result).toEqual({ b: { c: 2 } });
  });
});

describe("the bundle's camelCase and snakeCase", () => {
  const texts = ["safe", "SAFE", "notIdempotent", "NOT_IDEMPOTENT", "déjà vu", "", "a-b c_d", 42];
  it.each(texts)("give what lodash's give for %p", (text) => {
    expect(camelCase(text)).toBe(lodashCamelCase(text));
    expect(snakeCase(text)).toBe(lodashSnakeCase(text));
  });
});
