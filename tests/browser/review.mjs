// Review banners are judged on the reader's day (js/review.js), not only the build's: opens
// every page of the built site that carries a review date, with the browser's clock set before
// and after each date, and checks that the overdue banner and the status follow the clock.
// Usage: node review.mjs SITE_DIR
import { chromium } from "playwright-core";
import path from "node:path";
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const site = path.resolve(process.argv[2] || "../../book");
if (!fs.existsSync(path.join(site, "policies"))) {
  // A site of standards alone (the catalogue examples) has no policy to review.
  console.log("review: no policies in this site, nothing to check");
  process.exit(0);
}
const pages = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".html") && fs.readFileSync(p, "utf8").includes("banner banner-overdue")) pages.push(p);
  }
})(path.join(site, "policies"));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = 0, passed = 0;
const day = (iso, days) => new Date(Date.parse(iso + "T12:00:00Z") + days * 86400000);
try {
  for (const file of pages) {
    const url = pathToFileURL(file).href;
    const probe = await browser.newPage();
    await probe.goto(url);
    const due = await probe.$eval(".banner-overdue", (b) => b.getAttribute("data-review-due"));
    await probe.close();
    // The day after the due date: overdue; 200 days before: in date.
    for (const [when, overdue, status] of [[day(due, 1), true, "Review overdue"], [day(due, -200), false, "In date"]]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.clock.setFixedTime(when);
      await page.goto(url);
      const shown = await page.$eval(".banner-overdue", (b) => !b.hidden);
      const text = await page.$eval(".banner-overdue", (b) => b.textContent);
      const label = await page.$eval(".status[data-review-due]", (s) => s.textContent).catch(() => status);
      const asOf = when.toISOString().slice(0, 10);
      const ok = shown === overdue && label === status && (!overdue || text.includes(`as of ${asOf}`));
      const rel = path.relative(site, file);
      if (ok) {
        passed++;
        console.log(`ok: ${rel} on ${asOf}: ${overdue ? "overdue banner shown" : "no banner"}, "${label}"`);
      } else {
        failed++;
        console.log(`FAIL: ${rel} on ${asOf}: banner shown ${shown} (want ${overdue}), status "${label}" (want "${status}"), text "${text.trim()}"`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
if (pages.length === 0) {
  failed++;
  console.log("FAIL: no page with a review date");
}
console.log(`review: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
