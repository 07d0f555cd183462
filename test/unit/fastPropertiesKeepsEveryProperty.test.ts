/**
 * withFastProperties (src/common/fastProperties.ts) changes only how V8 stores an object: every
 * property keeps its name, order, value and attributes, no getter or setter runs, and the object
 * is the same object. Checked on an SDK client's configuration, the object it is made for (whose
 * `credentials` is an accessor), and on a plain object with every kind of property.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { withFastProperties } from "../../src/common/fastProperties";

function described(target: object) {
  return Reflect.ownKeys(target).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)]);
}

it("keeps an SDK client's configuration as built, its credentials accessor untouched", async () => {
  const client = new DynamoDBClient({
    region: "eu-west-1",
    endpoint: "http://127.0.0.1:1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  });
  const config = client.config as unknown as Record<string, unknown>;
  const before = described(config);
  const credentials = Object.getOwnPropertyDescriptor(config, "credentials");
  const getter = jest.fn(credentials?.get);
  Object.defineProperty(config, "credentials", { ...credentials, get: getter });
  const withSpy = described(config);

  expect(withFastProperties(config)).toBe(config);

  expect(described(config)).toEqual(withSpy);
  expect(before.map(([key]) => key)).toEqual(withSpy.map(([key]) => key));
  expect(getter).not.toHaveBeenCalled();
  await expect(client.config.region()).resolves.toBe("eu-west-1");
  client.destroy();
});

it("keeps every kind of property of a plain object, and runs no accessor", () => {
  const get = jest.fn(() => 1);
  const set = jest.fn();
  const symbol = Symbol("mark");
  const target: Record<PropertyKey, unknown> = { plain: "a", 2: "index", [symbol]: "symbol" };
  Object.defineProperty(target, "hidden", { value: 3, enumerable: false, writable: false });
  Object.defineProperty(target, "computed", { get, set, enumerable: true, configurable: true });
  for (let extra = 0; extra < 40; extra++) target[`extra${extra}`] = extra;
  delete target.extra0;
  const before = described(target);

  withFastProperties(target);

  expect(described(target)).toEqual(before);
  expect(get).not.toHaveBeenCalled();
  expect(set).not.toHaveBeenCalled();
  expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
});
