#!/usr/bin/env node
// Accessibility check of a built policybook site in a real browser.
//
//   node a11y.mjs [SITE_DIR]          # SITE_DIR defaults to ../../book (beside this file)
//
// Opens every *.html under SITE_DIR from a file:// URL in headless Chromium
// (/usr/bin/chromium, driven by playwright-core), injects axe-core and runs the
// WCAG 2.0/2.1/2.2 A and AA rules. Every page is checked at desktop width
// (1280 px); a subset (A11Y_MOBILE_PAGES) is checked again at mobile width (375 px).
// Prints each violation, then `a11y: N passed, M failed` (pages without / with
// violations, at any width). Exit code 1 if any page has a violation or could
// not be checked, 0 otherwise.
//
// Environment (all optional):
//   A11Y_MOBILE_PAGES  comma-separated globs, relative to SITE_DIR, of the pages
//                      also checked at 375 px ("*" stays within one folder, "**"
//                      crosses folders). A glob that matches nothing is noted, not
//                      an error (an example with one edition has no changes page).
//   A11Y_PAGES         comma-separated globs: check only these pages (a sample of
//                      every page kind, for a site of thousands of pages; the W3C
//                      checker still validates every page)
//   A11Y_JOBS          pages checked at once (default 4; one browser throughout)
//   A11Y_JSON          write the full results (violations with all nodes) to this file
//   A11Y_VERBOSE=1     also print one line for each page that passes
//   A11Y_CHROMIUM      browser binary (default /usr/bin/chromium)
//
// Besides axe's violations the run fails on requests for anything that is not a
// file: or data: URL (blocked: the site must work offline from disk) and on uncaught
// script errors (NHS.UK frontend's and the theme's scripts run on every page); it
// notes, without failing, horizontal page overflow at 375 px.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

const siteDir = resolve(process.argv[2] ?? join(here, '..', '..', 'book'));
const jobs = Math.max(1, Number.parseInt(process.env.A11Y_JOBS ?? '4', 10) || 4);
const verbose = process.env.A11Y_VERBOSE === '1';
const executablePath = process.env.A11Y_CHROMIUM || '/usr/bin/chromium';

const DEFAULT_MOBILE = [
  'index.html',                              // home
  'guidance/01-introduction.html',           // a standard content page (guidance chapter)
  'standards/*/*/1.1.html',                  // a standard
  'standards/*/*/index.html',                // edition page (declared changes checked there)
  'standards/*/*/changes.html',              // computed changes between editions
  'policies/local/scas-security-policy.html', // a policy
  'policies/*/*.html',                       // policy version diffs (changes of a policy)
  'policies/review.html',
  'policies/coverage.html',
  'glossary.html',
];
const mobileGlobs = (process.env.A11Y_MOBILE_PAGES
  ? process.env.A11Y_MOBILE_PAGES.split(',')
  : DEFAULT_MOBILE).map((s) => s.trim()).filter(Boolean);

const pageGlobs = (process.env.A11Y_PAGES ?? '').split(',').map((s) => s.trim()).filter(Boolean);

const VIEWPORTS = {
  desktop: { label: 'desktop 1280', options: { viewport: { width: 1280, height: 800 } } },
  mobile: {
    label: 'mobile 375',
    options: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  },
};

const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  resultTypes: ['violations'],
};

// Chromium flags required here. A fresh --user-data-dir is supplied by Playwright
// itself: launch() creates a new temporary profile for every run and deletes it on
// close (it refuses a --user-data-dir argument).
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile() && entry.name.endsWith('.html')) out.push(full);
  }
  return out;
}

function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function formatTarget(target) {
  return target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | ');
}

function oneLine(s, max) {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

async function main() {
  let files;
  try {
    if (!statSync(siteDir).isDirectory()) throw new Error('not a folder');
    files = walk(siteDir).map((f) => relative(siteDir, f).split(sep).join('/')).sort();
    // A11Y_PAGES: a sample of a large site (every page kind), instead of every page.
    if (process.env.A11Y_PAGES) {
      const wanted = process.env.A11Y_PAGES.split(',').map((s) => globToRegExp(s.trim()));
      files = files.filter((f) => wanted.some((re) => re.test(f)));
    }
  } catch (e) {
    console.error(`a11y: cannot read site folder ${siteDir}: ${e.message}`);
    console.log('a11y: 0 passed, 1 failed');
    return 1;
  }
  if (files.length === 0) {
    console.error(`a11y: no *.html pages under ${siteDir}`);
    console.log('a11y: 0 passed, 1 failed');
    return 1;
  }

  if (pageGlobs.length) {
    const res = pageGlobs.map(globToRegExp);
    const all = files.length;
    files = files.filter((f) => res.some((re) => re.test(f)));
    console.log(`a11y: a sample of ${files.length} of ${all} pages (A11Y_PAGES)`);
  }

  const mobile = new Set();
  for (const g of mobileGlobs) {
    const re = globToRegExp(g);
    const hits = files.filter((f) => re.test(f));
    if (hits.length === 0) console.log(`note: mobile page pattern "${g}" matches no page`);
    hits.forEach((f) => mobile.add(f));
  }

  const tasks = [];
  for (const f of files) tasks.push({ page: f, vp: 'desktop' });
  for (const f of files) if (mobile.has(f)) tasks.push({ page: f, vp: 'mobile' });

  const started = Date.now();
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const results = [];
  try {
    const contexts = {};
    for (const [name, vp] of Object.entries(VIEWPORTS)) {
      const ctx = await browser.newContext({ ...vp.options, reducedMotion: 'reduce' });
      contexts[name] = ctx;
    }

    let next = 0;
    const worker = async () => {
      const pages = {};
      let res = null; // the check this worker is running
      const openPage = async (vp) => {
        const page = await contexts[vp].newPage();
        // Only the site's own files may load: block (and note) anything else.
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
          res?.blocked.push(url);
          return route.abort('blockedbyclient');
        });
        return page;
      };
      while (next < tasks.length) {
        const task = tasks[next++];
        pages[task.vp] ??= await openPage(task.vp);
        const page = pages[task.vp];
        res = {
          page: task.page, vp: task.vp, violations: [], blocked: [], pageErrors: [],
          overflow: null, error: null,
        };
        results.push(res);
        const onError = (err) => res.pageErrors.push(oneLine(err.message, 200));
        page.on('pageerror', onError);
        try {
          await page.goto(pathToFileURL(join(siteDir, task.page)).href, { waitUntil: 'load', timeout: 30000 });
          await page.addScriptTag({ path: axePath });
          const out = await page.evaluate(async (opts) => {
            // eslint-disable-next-line no-undef
            const r = await axe.run(document, opts);
            return r.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
              nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
            }));
          }, AXE_OPTIONS);
          res.violations = out;
          if (task.vp === 'mobile') {
            res.overflow = await page.evaluate(() => {
              const vw = document.documentElement.clientWidth;
              const sw = document.documentElement.scrollWidth;
              if (sw <= vw + 1) return null;
              const name = (el) => {
                const id = el.id ? `#${el.id}` : '';
                const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
                return `<${el.tagName.toLowerCase()}${id}${cls}>`;
              };
              // The innermost boxes whose content runs past the right edge of the
              // viewport and is not clipped or scrolled by a box around it.
              const clipped = (el) => {
                for (let a = el; a && a !== document.body; a = a.parentElement) {
                  if (getComputedStyle(a).overflowX !== 'visible') return true;
                }
                return false;
              };
              const boxes = [...document.body.querySelectorAll('*')].filter((el) => {
                if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) return false;
                return el.getBoundingClientRect().left + el.scrollWidth > vw + 1 && !clipped(el);
              });
              const wide = boxes
                .filter((el) => !boxes.some((o) => o !== el && el.contains(o)))
                .map((el) => [el, el.getBoundingClientRect().left + el.scrollWidth])
                .sort((x, y) => y[1] - x[1])
                .slice(0, 3)
                .map(([el, right]) => {
                  // What runs past the edge: an element (a wide table, an image) or a
                  // long unbreakable word of text.
                  let what = null;
                  let textOf = el;
                  for (const d of el.querySelectorAll('*')) {
                    const r = d.getBoundingClientRect();
                    if (r.width > 0 && r.right > vw + 1 && d.parentElement.getBoundingClientRect().right <= vw + 1) {
                      if (getComputedStyle(d).display === 'inline') textOf = d;
                      else what = `${name(d)} ${Math.round(r.width)}px wide`;
                      break;
                    }
                  }
                  if (!what) {
                    const words = (textOf.innerText || '').split(/\s+/);
                    const longest = words.reduce((x, y) => (y.length > x.length ? y : x), '');
                    what = `the word "${longest.length > 70 ? `${longest.slice(0, 69)}…` : longest}"`;
                  }
                  return `${name(el)} to ${Math.round(right)}px: ${what}`;
                });
              return { viewport: vw, scrollWidth: sw, elements: wide };
            });
          }
        } catch (e) {
          res.error = oneLine(e.message, 300);
        } finally {
          page.off('pageerror', onError);
        }
      }
      for (const p of Object.values(pages)) await p.close();
    };
    await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
    for (const ctx of Object.values(contexts)) await ctx.close();
  } finally {
    await browser.close();
  }

  // Report, in page order, desktop before mobile.
  results.sort((a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : a.vp === 'desktop' ? -1 : 1));
  const failedPages = new Set();
  let violationCount = 0;
  for (const r of results) {
    const where = `${r.page} [${VIEWPORTS[r.vp].label}]`;
    if (r.error) {
      failedPages.add(r.page);
      console.log(`FAIL ${where}: could not be checked: ${r.error}`);
    }
    for (const v of r.violations) {
      failedPages.add(r.page);
      violationCount++;
      console.log(`FAIL ${where}: ${v.id} (${v.impact}): ${v.help}`);
      console.log(`     ${v.helpUrl}`);
      for (const n of v.nodes) {
        console.log(`     - ${formatTarget(n.target)}`);
        console.log(`       ${oneLine(n.html, 160)}`);
        const detail = (n.failureSummary ?? '').split('\n').slice(1).map((s) => s.trim()).filter(Boolean);
        for (const d of detail) console.log(`       ${oneLine(d, 300)}`);
      }
    }
    for (const u of r.blocked) {
      failedPages.add(r.page);
      console.log(`FAIL ${where}: a request for a non-file resource (blocked): ${u}`);
    }
    for (const e of r.pageErrors) {
      failedPages.add(r.page);
      console.log(`FAIL ${where}: uncaught script error: ${e}`);
    }
    if (r.overflow) {
      console.log(`note: ${where}: page scrolls horizontally (content ${r.overflow.scrollWidth}px wide in a ${r.overflow.viewport}px viewport): ${r.overflow.elements.join(', ')}`);
    }
    if (verbose && !r.error && r.violations.length === 0) console.log(`ok   ${where}`);
  }

  if (process.env.A11Y_JSON) {
    writeFileSync(process.env.A11Y_JSON, JSON.stringify({ site: siteDir, results }, null, 2));
  }

  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const failed = failedPages.size;
  const passed = files.length - failed;
  console.log(`${files.length} pages, ${tasks.length} checks (${tasks.length - files.length} at mobile width), ` +
    `${violationCount} violations, ${jobs} at once, ${secs}s`);
  console.log(`a11y: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  console.error(`a11y: ${e.stack ?? e}`);
  console.log('a11y: 0 passed, 1 failed');
  process.exitCode = 1;
});
