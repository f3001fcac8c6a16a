// Search works with no server: opens the built site's search page from file://, searches, and
// checks that results appear and lead to pages of the site. Usage: node search.mjs SITE_DIR
import { chromium } from "playwright-core";
import path from "node:path";
import fs from "node:fs";
import { pathToFileURL } from "node:url";

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
} finally {
  await browser.close();
}
console.log(`search: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
