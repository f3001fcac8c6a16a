// Reflow (WCAG 1.4.10): every page of a built site fits a 320 px wide screen with no sideways
// scrolling of the page itself (wide tables scroll inside their own box).
// Usage: node reflow.mjs SITE_DIR
// A11Y_PAGES (comma-separated globs, as for a11y.mjs) limits the check to a sample of a large
// site's pages, every page kind.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const site = path.resolve(process.argv[2] || "../../book");
const files = [];
(function walk(d) {
  for (const f of fs.readdirSync(d).sort()) {
    const p = path.join(d, f);
    if (fs.statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".html")) files.push(p);
  }
})(site);
if (process.env.A11Y_PAGES) {
  const re = (g) =>
    new RegExp("^" + g.trim().split("**").map((p) => p.split("*").map((q) => q.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")).join(".*") + "$");
  const wanted = process.env.A11Y_PAGES.split(",").filter((g) => g.trim()).map(re);
  const keep = files.filter((f) => wanted.some((w) => w.test(path.relative(site, f).split(path.sep).join("/"))));
  files.length = 0;
  files.push(...keep);
}
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 320, height: 700 } });
let failed = 0;
for (const f of files) {
  await page.goto(pathToFileURL(f).href);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 320) {
    failed++;
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 320).slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")),
    );
    console.log(`FAIL ${path.relative(site, f)}: ${width} px wide (${wide.join(", ")})`);
  }
}
await browser.close();
console.log(`reflow: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
