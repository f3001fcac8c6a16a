// Screenshots of the example sites for docs/screenshots/, at 1280 and 375 pixels wide.
// Usage: node screenshots.mjs SITE_DIR NIST_SITE_DIR OUT_DIR
import { chromium } from "playwright-core";
import path from "node:path";
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const [site, nist, out] = process.argv.slice(2).map((p) => path.resolve(p));
fs.mkdirSync(out, { recursive: true });
const shots = [
  ["home", site, "index.html"],
  ["standard", site, "standards/nhs-protect-providers/2017-18/1.4.html"],
  ["policy", site, "policies/local/west-essex-ccg-security-management-policy.html"],
  ["coverage", site, "policies/coverage.html"],
  ["search", site, "search.html?q=lone+working"],
  ["accessibility", site, "accessibility.html"],
  ["changes", nist, "standards/nist-800-53/rev5/changes.html"],
  ["standard-changes", nist, "standards/nist-800-53/rev5/CM-7.6.html"],
];
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const width of [1280, 375]) {
  const page = await browser.newPage({ viewport: { width, height: width > 400 ? 1000 : 800 } });
  for (const [name, root, rel] of shots) {
    const [file, query] = rel.split("?");
    const url = pathToFileURL(path.join(root, file)).href + (query ? "?" + query : "");
    await page.goto(url);
    if (query) await page.waitForSelector("ol.search-results li", { timeout: 10000 });
    const target = path.join(out, `${name}-${width}.png`);
    await page.screenshot({ path: target });
    console.log(target);
  }
  await page.close();
}
await browser.close();
