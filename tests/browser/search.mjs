// Search works with no server: opens the built site's search page from file://, searches, and
// checks that results appear and lead to pages of the site; then searches again on the search
// page with the keyboard alone, and checks that the status line (role="status", which screen
// readers announce) gives the count, that the focus stays in the box, and that Tab reaches the
// results; and runs axe-core (WCAG 2.2 A and AA) on the page with its results shown.
// Usage: node search.mjs SITE_DIR
import { chromium } from "playwright-core";
import path from "node:path";
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const site = path.resolve(process.argv[2] || "../../book");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = 0, passed = 0;
// [query, text that one result must show]: the main example's, or another site's as JSON in
// SEARCH_CASES ('[["board level", "Standard A1.a"]]').
const cases = process.env.SEARCH_CASES ? JSON.parse(process.env.SEARCH_CASES) : [
  ["lone working", "Security Management Strategy"],
  ["LSMS", "Local Security Management Specialist"],
  ["lockdown", "Standard 3.14"],
];
try {
  const page = await browser.newPage();
  for (const [q, expect] of cases) {
    // Type into the header's search box on the home page, as a reader would.
    await page.goto(pathToFileURL(path.join(site, "index.html")).href);
    await page.fill("#site-search-q", q);
    await page.press("#site-search-q", "Enter");
    await page.waitForSelector("ol.search-results li", { timeout: 10000 }).catch(() => {});
    const items = await page.$$eval("ol.search-results li a", (as) => as.map((a) => [a.textContent, a.href]));
    const found = items.some(([t]) => t.includes(expect));
    const targets = items.slice(0, 5).every(([, href]) => {
      const file = decodeURIComponent(new URL(href).pathname);
      return fs.existsSync(file);
    });
    if (items.length > 0 && found && targets) {
      passed++;
      console.log(`ok: "${q}": ${items.length} results, including "${expect}"`);
    } else {
      failed++;
      console.log(`FAIL: "${q}": ${items.length} results; expected one with "${expect}"; result pages exist: ${targets}`);
    }
  }
  // The keyboard alone, on the search page: type, Enter, Tab to the first result.
  const [q] = cases[0];
  await page.goto(pathToFileURL(path.join(site, "search.html")).href);
  await page.focus("#search-page-input");
  await page.keyboard.type(q);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /results? for/.test(document.getElementById("search-status")?.textContent || ""), null, { timeout: 10000 }).catch(() => {});
  const status = await page.$eval("#search-status", (e) => [e.getAttribute("role"), e.textContent]).catch(() => [null, ""]);
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  const shown = await page.$$eval("ol.search-results > li", (l) => l.length);
  let reached = false;
  for (let i = 0; i < 4 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => !!document.activeElement.closest("ol.search-results"));
  }
  const counted = new RegExp(`^${shown > 0 ? "\\d+" : "No"} results? for “${q}”`).test(status[1]);
  if (status[0] === "status" && counted && focused === "search-page-input" && reached && shown > 0) {
    passed++;
    console.log(`ok: keyboard: "${status[1]}" announced, focus kept in the box, Tab reaches the results`);
  } else {
    failed++;
    console.log(`FAIL: keyboard: status ${JSON.stringify(status)}, focus on ${focused}, ${shown} results, Tab reaches them: ${reached}`);
  }
  // The results as shown, checked by axe-core.
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  });
  if (violations.length === 0) {
    passed++;
    console.log("ok: axe finds nothing on the results");
  } else {
    failed++;
    console.log(`FAIL: axe on the results: ${violations.join("; ")}`);
  }
} finally {
  await browser.close();
}
console.log(`search: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
