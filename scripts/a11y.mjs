// Accessibility check of HTML files with axe-core in jsdom (WCAG 2.1 A and AA rules that need no layout).
// Usage: node scripts/a11y.mjs FILE.html [...]  Prints a JSON report; exits 1 when any file has violations.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { JSDOM } from "jsdom";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const report = [];
let failed = false;
for (const file of process.argv.slice(2)) {
  const dom = new JSDOM(readFileSync(file, "utf8"), { runScripts: "outside-only", pretendToBeVisual: true });
  dom.window.eval(axeSource);
  const result = await dom.window.axe.run(dom.window.document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    rules: { "color-contrast": { enabled: false } }, // needs a layout engine; checked by the style choices
  });
  const violations = result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  if (violations.length) failed = true;
  report.push({ file, passes: result.passes.length, violations });
  dom.window.close();
}
console.log(JSON.stringify(report, null, 1));
process.exit(failed ? 1 : 0);
