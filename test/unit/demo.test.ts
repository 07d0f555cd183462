/** The demo prints every step in one style: what an action or data source returned, unwrapped. */
import { payload, shortJson } from "../../demo/demo";

describe("demo step views", () => {
  it("shows an action's data and a data source's result without their wrapper", () => {
    expect(shortJson(payload({ data: { succeeded: true, operationCount: 2 } }))).toBe(
      '{"succeeded":true,"operationCount":2}',
    );
    expect(payload({ result: [{ key: "byCategory" }] })).toEqual([{ key: "byCategory" }]);
  });

  it("leaves any other value as it is", () => {
    expect(payload({ data: 1, extra: 2 })).toEqual({ data: 1, extra: 2 });
    expect(payload(["data"])).toEqual(["data"]);
    expect(payload("deleted")).toBe("deleted");
    expect(payload(null)).toBeNull();
  });
});
