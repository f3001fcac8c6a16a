// The bytes a search loads, counted on a built site: runs the theme's own search engine
// (js/search-engine.js, js/stemmer.js) in node against the site's search/ folder, as the
// browser would, and adds up the files each query loads: the index's meta file, dictionary
// and postings files, and the document files of the first page of results (10 pages).
//
//   node benches/search_bytes.js SITE_DIR "query one" "query two" ...
//
// Prints the size of the whole index against the site's text (the text of every page's <main>,
// tags taken out; printable pages, `print.html` and `<policy>.print.html`, and changes pages
// left out, since they repeat the others), then, for each query, the files and bytes loaded
// and the first three results.
"use strict";
const fs = require("fs");
const path = require("path");

const site = path.resolve(process.argv[2] || "book");
const queries = process.argv.slice(3);
globalThis.policybookStem = require(path.join(site, "js/stemmer.js"));
const createEngine = require(path.join(site, "js/search-engine.js"));

function engine(loaded) {
  return createEngine((name) => {
    const file = path.join(site, "search", name + ".js");
    let data;
    globalThis.policybookSearch = (_, d) => { data = d; };
    let text;
    try { text = fs.readFileSync(file, "utf8"); } catch (e) { return Promise.reject(e); }
    if (!loaded.has(name)) loaded.set(name, fs.statSync(file).size);
    new Function(text)();
    return Promise.resolve(data);
  });
}

// The bytes of text of the site's pages.
function siteText(dir) {
  let bytes = 0;
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) {
      if (p !== path.join(site, "search")) bytes += siteText(p);
    } else if (f.endsWith(".html") && !/(^|\.)(print|changes)\.html$/.test(f)) {
      const html = fs.readFileSync(p, "utf8");
      const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html);
      const text = (main ? main[1] : html)
        .replace(/<script[\s\S]*?<\/script>/g, " ")
        .replace(/<[^>]+>/g, " ")
        .replace(/&[a-z#0-9]+;/g, "x")
        .replace(/\s+/g, " ");
      bytes += Buffer.byteLength(text);
    }
  }
  return bytes;
}

(async () => {
  const dir = path.join(site, "search");
  const files = fs.readdirSync(dir);
  const total = files.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  const text = siteText(site);
  console.log(`index: ${files.length} files, ${total} bytes; the site's text: ${text} bytes (index/text ${(total / text).toFixed(2)})`);
  for (const q of queries) {
    const loaded = new Map();
    const e = engine(loaded);
    const r = await e.search(q);
    const docs = await Promise.all(r.pages.slice(0, 10).map((p) => e.documentOf(p.page)));
    const bytes = [...loaded.values()].reduce((a, b) => a + b, 0);
    console.log(`"${q}": ${r.pages.length} pages; loaded ${loaded.size} files, ${bytes} bytes`);
    docs.slice(0, 3).forEach((d, i) => console.log(`  ${i + 1}. ${d.title} (${d.url})`));
  }
})();
