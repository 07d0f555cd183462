/**
 * The lexical part of reading a PartiQL statement: white space and comments skipped, 'strings',
 * "quoted identifiers" and `Ion literals` stepped over (so a keyword or a ? inside them does not
 * count), the first keyword, a keyword outside them, and the name that follows a keyword. Here,
 * the lowest layer, because both the PartiQL engine (engines/partiql.ts) and the IAM action a
 * statement needs (aws/permissions.ts) read statements. Every function is pure and makes one
 * pass over the text, so it runs in linear time on any input.
 */

/**
 * Where a 'string', "quoted identifier" (a doubled quote escapes one) or `Ion literal` that
 * starts at `index` ends: the index just after it, the statement's length when it is not closed,
 * and undefined when none starts there.
 */
export function afterQuoted(statement: string, index: number): number | undefined {
  const quote = statement[index];
  if (quote === "`") {
    const end = statement.indexOf("`", index + 1);
    return end === -1 ? statement.length : end + 1;
  }
  if (quote !== "'" && quote !== '"') return undefined;
  let at = index + 1;
  while (at < statement.length) {
    if (statement[at] === quote) {
      if (statement[at + 1] !== quote) return at + 1;
      at += 1;
    }
    at += 1;
  }
  return statement.length;
}

/**
 * Where a comment that starts at `index` ends: the index just after a -- line comment (its
 * newline included) or a block comment, the statement's length when it is not closed, and
 * undefined when no comment starts there.
 */
export function afterComment(statement: string, index: number): number | undefined {
  const char = statement[index];
  const next = statement[index + 1];
  const closing =
    char === "-" && next === "-" ? "\n" : char === "/" && next === "*" ? "*/" : undefined;
  if (closing === undefined) return undefined;
  const end = statement.indexOf(closing, index + 2);
  return end === -1 ? statement.length : end + closing.length;
}

/** The index of the first character at or after `index` that is no white space or comment. */
function skipSpace(statement: string, index: number): number {
  let at = index;
  while (at < statement.length) {
    if (/\s/.test(statement[at])) at += 1;
    else {
      const after = afterComment(statement, at);
      if (after === undefined) return at;
      at = after;
    }
  }
  return at;
}

/** The end of the word (letters, digits, _) that starts at `index`; `index` when none does. */
function wordEnd(statement: string, index: number): number {
  let end = index;
  while (end < statement.length && /\w/.test(statement[end])) end += 1;
  return end;
}

/**
 * The first keyword of a statement, lower case, after white space, comments and opening
 * parentheses: "select", "insert", "update", "delete", "exists", ... ("" when there is none).
 */
export function firstKeyword(statement: string): string {
  let index = 0;
  while (index < statement.length) {
    const char = statement[index];
    if (char === "(" || /\s/.test(char)) {
      index += 1;
    } else {
      const after = afterComment(statement, index);
      if (after === undefined) break;
      index = after;
    }
  }
  return statement.slice(index, wordEnd(statement, index)).toLowerCase();
}

/**
 * The index just after the first `keyword` (lower case; matched in any case) that stands as a
 * word outside strings, quoted names, Ion literals and comments, and is not a path step (a.from,
 * an attribute named like the keyword); undefined when there is none.
 */
export function afterKeyword(statement: string, keyword: string): number | undefined {
  let index = 0;
  while (index < statement.length) {
    const skipped = afterQuoted(statement, index) ?? afterComment(statement, index);
    if (skipped !== undefined) {
      index = skipped;
      continue;
    }
    const end = wordEnd(statement, index);
    if (end === index) {
      index += 1;
      continue;
    }
    const isKeyword =
      statement.slice(index, end).toLowerCase() === keyword && statement[index - 1] !== ".";
    if (isKeyword) return end;
    index = end;
  }
  return undefined;
}

/**
 * The name at `index`: a "quoted" one (unquoted, "" read as ") or a bare one (letters, digits,
 * _ and -, as DynamoDB's table and index names), with the index just after it; none when no name
 * starts there.
 */
function nameAt(statement: string, index: number): { name: string; end: number } | undefined {
  if (statement[index] === '"') {
    const end = afterQuoted(statement, index) ?? index;
    const closed = end > index + 1 && statement[end - 1] === '"';
    if (!closed) return undefined;
    return { name: statement.slice(index + 1, end - 1).replace(/""/g, '"'), end };
  }
  let end = index;
  while (end < statement.length && /[\w-]/.test(statement[end])) end += 1;
  return end === index ? undefined : { name: statement.slice(index, end), end };
}

/** What a statement names after FROM, INTO or UPDATE: a table, or one of its indexes. */
export interface StatementSource {
  table: string;
  index?: string;
}

/**
 * The "table" or "table"."index" that follows a keyword ending at `at` (white space and
 * comments between the parts skipped); undefined when no name follows.
 */
export function sourceAfter(statement: string, at: number): StatementSource | undefined {
  const table = nameAt(statement, skipSpace(statement, at));
  if (!table) return undefined;
  const dot = skipSpace(statement, table.end);
  if (statement[dot] !== ".") return { table: table.name };
  const index = nameAt(statement, skipSpace(statement, dot + 1));
  return index ? { table: table.name, index: index.name } : { table: table.name };
}
