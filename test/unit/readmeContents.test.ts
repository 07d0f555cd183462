/**
 * The README's table of contents lists every section, in order, with the anchor GitHub gives it;
 * the sections come in the order a newcomer reads them: quick start, flows, code, tests,
 * publishing, development.
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

it("puts Quick start first, then using it from flows, from code and in tests, then publishing and development", () => {
  expect(sections).toEqual([
    "Quick start",
    "Use it in flows",
    "Use it from code",
    "Use it in tests",
    "Publishing",
    "Development",
  ]);
});
