// Search relevance on the main example site, from file:// in Chromium: each case of
// relevance.json (a query a trust's staff would type, and the page that must come first or
// among the first three) is searched on the search page as a reader would, and the rank of the
// expected page among the results is read from the page. Prints every case and the hit rate;
// fails when the hit rate is under the file's threshold. Usage: node relevance.mjs SITE_DIR
import { chromium } from "playwright-core";
import path from "node:path";
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const site = path.resolve(process.argv[2] || "../../book");
const here = path.dirname(new URL(import.meta.url).pathname);
const { cases, threshold } = JSON.parse(fs.readFileSync(path.join(here, "relevance.json"), "utf8"));
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const misses = [];
let hits = 0;
try {
  const page = await browser.newPage();
  const base = pathToFileURL(path.join(site, "search.html")).href;
  for (const c of cases) {
    await page.goto(base + "?q=" + encodeURIComponent(c.q));
    await page.waitForFunction(() => {
      const out = document.getElementById("search-results");
      const s = document.getElementById("search-status");
      return out && out.getAttribute("aria-busy") === "false" && s && s.textContent !== "";
    }, null, { timeout: 15000 }).catch(() => {});
    const pages = await page.$$eval("ol.search-results > li h3 a", (as) => as.map((a) => a.href));
    const rel = pages.map((h) => decodeURIComponent(h).slice(pathToFileURL(site).href.length + 1));
    const rank = rel.indexOf(c.page) + 1;
    const ok = rank > 0 && rank <= c.top;
    if (ok) hits++;
    else misses.push(c);
    const got = rel.slice(0, 3).join(", ");
    console.log(`${ok ? "ok  " : "MISS"} "${c.q}": ${c.page} at ${rank || "-"} (wanted top ${c.top}); first: ${got}`);
  }
} finally {
  await browser.close();
}
const rate = hits / cases.length;
console.log(`relevance: ${hits} of ${cases.length} queries found their page (${(100 * rate).toFixed(1)}%); threshold ${(100 * threshold).toFixed(0)}%`);
if (misses.length) console.log(`misses: ${misses.map((c) => `"${c.q}"`).join(", ")}`);
process.exit(rate >= threshold ? 0 : 1);
