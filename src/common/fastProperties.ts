/**
 * Turns an object that V8 keeps in dictionary mode back into a fast-mode object, in place.
 *
 * Why: the AWS SDK's resolved client configuration (about 50 properties) becomes a dictionary
 * while the client is built (its `credentials` property is redefined as an accessor), and the
 * SDK's middlewares copy it with an object spread four to six times per request (serializer,
 * deserializer, endpoint resolution, signer). Spreading that dictionary costs about 9–10 µs on
 * Node 20 and 22; spreading the same object in fast mode, about 1.2 µs (bench/notes.md, 25).
 *
 * How: V8 makes an object fast again when a property read goes through it as a prototype
 * (`JSObject::MakePrototypesFast`, run by the read's inline cache once the reading function has
 * feedback). The read is of a key the object does not have, so nothing of the object is read and
 * no getter runs; its properties, their order, values and attributes stay as they were. Where V8
 * does not do this (another engine, other flags), the object simply stays as it was.
 *
 * @param target an object the caller owns, already holding its properties
 * @returns `target`
 */
export function withFastProperties<T extends object>(target: T): T {
  function Reader(): void {}
  Reader.prototype = target;
  const reader = new (Reader as unknown as new () => object)();
  // Enough reads for V8 to give the reading function feedback (its inline cache) and use it.
  for (let read = 0; read < READS; read++) readAbsentKey(reader);
  return target;
}

/** Reads before V8 allocates a function's feedback (8 by default), with a margin. */
const READS = 64;

/** A key no object has: reading it walks the whole prototype chain. */
const ABSENT = Symbol("absent");

function readAbsentKey(reader: object): unknown {
  return (reader as Record<symbol, unknown>)[ABSENT];
}
