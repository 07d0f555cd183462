/**
 * The README's table of contents lists every section, in order, with the anchor GitHub gives it;
 * the code-native user's two sections come right after Quick start.
 */
import fs from "node:fs";
import path from "node:path";

const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-");
}

const sections = readme
  .split("\n")
  .filter((line) => line.startsWith("## ") && line !== "## Contents")
  .map((line) => line.slice(3));

it("lists every section in order, each with its anchor", () => {
  const contents = readme.split("\n## Contents\n")[1]?.split("\n## ")[0] ?? "";
  const listed = [...contents.matchAll(/^- \[(.+)\]\(#(.+)\)$/gm)].map(([, title, link]) => ({
    title,
    link,
  }));
  expect(listed).toEqual(sections.map((title) => ({ title, link: anchor(title) })));
});

it("puts Use it from code and Run it against DynamoDB Local right after Quick start", () => {
  const start = sections.indexOf("Quick start");
  expect(sections.slice(start, start + 3)).toEqual([
    "Quick start",
    "Use it from code",
    "Run it against DynamoDB Local",
  ]);
});
