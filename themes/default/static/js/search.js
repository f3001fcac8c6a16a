// policybook search, the search page's part: loads js/stemmer.js and js/search-engine.js, and
// the index's files under search/ as the query needs them, each as a <script> (so search works
// opened from disk, where a page may not fetch a file), and shows the results grouped by page,
// each page's best sections under it. Without JavaScript the search page lists the site's index
// pages instead.
//
// It needs, on the search page: #search-results (with data-root, the way back to the site's
// root), #search-page-input in a form; #search-status (role="status") is made if missing.
(function () {
  "use strict";
  var out = document.getElementById("search-results");
  if (!out) return;
  var root = out.getAttribute("data-root") || "";
  var input = document.getElementById("search-page-input");
  var form = input && input.form;
  var status = document.getElementById("search-status");
  if (!status) {
    status = document.createElement("p");
    status.id = "search-status";
    status.setAttribute("role", "status");
    out.parentNode.insertBefore(status, out);
  }
  var PER_PAGE = 10;
  var waiting = {}, scripts = {};

  // Each index file calls policybookSearch(name, data).
  window.policybookSearch = function (name, data) {
    if (waiting[name]) waiting[name].resolve(data);
  };
  function script(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  function load(name) {
    if (scripts[name]) return scripts[name];
    var w = {};
    var p = new Promise(function (resolve, reject) { w.resolve = resolve; w.reject = reject; });
    waiting[name] = w;
    script(root + "search/" + name + ".js").catch(function () { w.reject(new Error(name)); });
    scripts[name] = p;
    return p;
  }

  var engine = null;
  function start() {
    if (engine) return Promise.resolve(engine);
    return script(root + "js/stemmer.js")
      .then(function () { return script(root + "js/search-engine.js"); })
      .then(function () { engine = window.policybookSearchEngine(load); return engine; });
  }

  // The text around the first word of the query, its words marked.
  function snippet(text, stems) {
    var toks = engine.tokens(text), first = -1;
    var hits = toks.filter(function (t) { return stems[engine.stemOf(t[0])]; });
    if (hits.length) first = hits[0][1];
    var start = first > 80 ? text.lastIndexOf(" ", first - 60) + 1 : 0;
    var end = Math.min(text.length, start + 240);
    if (end < text.length) end = Math.max(text.indexOf(" ", end), end);
    if (end < 0) end = text.length;
    var frag = document.createDocumentFragment(), pos = start;
    if (start > 0) frag.appendChild(document.createTextNode("…"));
    hits.forEach(function (t) {
      if (t[1] < pos || t[2] > end) return;
      frag.appendChild(document.createTextNode(text.slice(pos, t[1])));
      var m = document.createElement("mark");
      m.textContent = text.slice(t[1], t[2]);
      frag.appendChild(m);
      pos = t[2];
    });
    frag.appendChild(document.createTextNode(text.slice(pos, end) + (end < text.length ? "…" : "")));
    return frag;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = root + href;
    a.textContent = text;
    return a;
  }

  // One page's result: its title and context, and its best sections (up to three).
  function item(hit, doc, stems) {
    var li = document.createElement("li");
    var h = document.createElement("h3");
    h.appendChild(link(doc.url, doc.title));
    li.appendChild(h);
    if (doc.context) {
      var c = document.createElement("p");
      c.className = "search-context";
      c.textContent = doc.context;
      li.appendChild(c);
    }
    var sections = hit.docs.slice(0, 3).map(function (d) { return engine.slotOf(hit.page, d[0]); })
      .filter(function (slot) { return doc.sections[slot]; });
    var list = document.createElement("ul");
    sections.forEach(function (slot) {
      var s = doc.sections[slot];
      var p = document.createElement("p");
      p.appendChild(snippet(s[2], stems));
      if (slot === 0 || !s[1]) { li.appendChild(p); return; }
      var sub = document.createElement("li");
      sub.appendChild(link(doc.url.split("#")[0] + "#" + s[1], s[0]));
      sub.appendChild(p);
      list.appendChild(sub);
    });
    if (list.children.length) li.appendChild(list);
    return li;
  }

  function showMore(result, from, list) {
    var hits = result.pages.slice(from, from + PER_PAGE);
    return Promise.all(hits.map(function (h) { return engine.documentOf(h.page); })).then(function (docs) {
      docs.forEach(function (d, i) { list.appendChild(item(hits[i], d, result.stems)); });
      var old = document.getElementById("search-more");
      if (old) old.parentNode.removeChild(old);
      if (from + PER_PAGE < result.pages.length) {
        var b = document.createElement("button");
        b.type = "button";
        b.id = "search-more";
        b.textContent = "Show more results";
        b.addEventListener("click", function () {
          var next = from + PER_PAGE;
          showMore(result, next, list).then(function () {
            var a = list.children[next] && list.children[next].querySelector("a");
            if (a) a.focus();
          });
        });
        out.appendChild(b);
      }
    });
  }

  function run(q) {
    out.textContent = "";
    if (!q.trim()) { status.textContent = ""; return; }
    out.setAttribute("aria-busy", "true");
    status.textContent = "Searching…";
    start().then(function (e) { return e.search(q); }).then(function (result) {
      var n = result.pages.length;
      var words = n === 1 ? " result" : " results";
      var list = document.createElement("ol");
      list.className = "search-results";
      list.setAttribute("aria-labelledby", "search-status");
      out.appendChild(list);
      // The count is announced once the first results are on the page, so a reader who hears
      // it and presses Tab finds them there.
      return showMore(result, 0, list).then(function () {
        status.textContent = n === 0 ? "No results for “" + q + "”"
          : n + words + " for “" + q + "”" + (result.all ? "" : ", with some of its words");
      });
    }).catch(function () {
      status.textContent = "The search index could not be loaded.";
    }).then(function () {
      out.setAttribute("aria-busy", "false");
    });
  }

  var q = "";
  try { q = new URLSearchParams(window.location.search).get("q") || ""; } catch (e) { q = ""; }
  if (input) input.value = q;
  // On this page the form searches in place: the address keeps the query, the focus stays in
  // the box, and the status line tells screen readers the number of results.
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var v = input.value;
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(v)); } catch (e) { /* file:// in some browsers */ }
      run(v);
    });
  }
  run(q);
})();
