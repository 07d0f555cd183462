/**
 * Every string and every byte array (read as UTF-8) inside `value`, at any depth, through own
 * properties enumerable or not (an error's message, stack and cause too): what a test searches
 * for a secret that must not be there.
 */
export function allText(value: unknown): string {
  const texts: string[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === "string") texts.push(current);
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    if (ArrayBuffer.isView(current)) {
      texts.push(Buffer.from(current.buffer, current.byteOffset, current.byteLength).toString());
      continue;
    }
    for (const name of Object.getOwnPropertyNames(current)) {
      const descriptor = Object.getOwnPropertyDescriptor(current, name);
      if (descriptor && "value" in descriptor) stack.push(descriptor.value);
    }
  }
  return texts.join("\n");
}
