/**
 * Values a failure carries out of sight, for a higher layer to read back: a property keyed by a
 * symbol, which is neither enumerated nor serialised, so raw DynamoDB values on a step's error
 * never reach a log or the platform as they are until the output layer formats them.
 */

/** One kind of hidden value: `set` marks an object with it, `get` reads it back. */
export interface HiddenMark<T> {
  /** Marks `target` with `value` (replacing an earlier mark of this kind); returns `target`. */
  set<O extends object>(target: O, value: T): O;
  /** The value `target` was marked with; undefined when it was not, or is no object. */
  get(target: unknown): T | undefined;
}

/** A new kind of hidden value, named `name` (the symbol's description, seen in a debugger). */
export function hiddenMark<T>(name: string): HiddenMark<T> {
  const key = Symbol(name);
  return {
    set(target, value) {
      Object.defineProperty(target, key, { value, configurable: true });
      return target;
    },
    get(target) {
      if (!target || typeof target !== "object") return undefined;
      return (target as Record<symbol, T | undefined>)[key];
    },
  };
}
