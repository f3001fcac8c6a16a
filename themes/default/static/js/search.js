// policybook search: the index is a script file (searchindex.js), loaded on the search page
// only, so search works opened from disk as well as from a server. Without JavaScript the
// search page lists the site's index pages instead.
(function () {
  "use strict";
  var out = document.getElementById("search-results");
  if (!out) return;
  var root = out.getAttribute("data-root") || "";
  var q = "";
  try { q = new URLSearchParams(window.location.search).get("q") || ""; } catch (e) { q = ""; }
  var input = document.getElementById("search-page-input");
  if (input) input.value = q;
  var words = q.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  if (words.length === 0) return;
  out.setAttribute("aria-busy", "true");
  var s = document.createElement("script");
  s.src = root + "searchindex.js";
  s.onload = function () { show(window.policybookSearchIndex || []); };
  s.onerror = function () { out.textContent = "The search index could not be loaded."; };
  document.head.appendChild(s);

  function count(hay, w) {
    var n = 0, i = hay.indexOf(w);
    while (i !== -1) { n++; i = hay.indexOf(w, i + w.length); }
    return n;
  }

  function snippet(text) {
    var lower = text.toLowerCase(), at = lower.indexOf(words[0]);
    var start = Math.max(0, at - 60), end = Math.min(text.length, (at < 0 ? 0 : at) + 160);
    var part = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    var frag = document.createDocumentFragment(), low = part.toLowerCase(), pos = 0;
    while (pos < part.length) {
      var best = -1, len = 0;
      words.forEach(function (w) {
        var i = low.indexOf(w, pos);
        if (i !== -1 && (best === -1 || i < best)) { best = i; len = w.length; }
      });
      if (best === -1) { frag.appendChild(document.createTextNode(part.slice(pos))); break; }
      frag.appendChild(document.createTextNode(part.slice(pos, best)));
      var m = document.createElement("mark");
      m.textContent = part.slice(best, best + len);
      frag.appendChild(m);
      pos = best + len;
    }
    return frag;
  }

  function show(docs) {
    var hits = [];
    docs.forEach(function (d) {
      var title = (d.t + " " + d.s).toLowerCase(), body = d.b.toLowerCase(), score = 0;
      for (var k = 0; k < words.length; k++) {
        var inTitle = count(title, words[k]), inBody = count(body, words[k]);
        if (inTitle + inBody === 0) return;
        score += 5 * inTitle + inBody;
      }
      hits.push({ d: d, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    out.textContent = "";
    var h = document.createElement("h2");
    h.id = "results-heading";
    h.textContent = hits.length + (hits.length === 1 ? " result" : " results") + " for “" + q + "”";
    out.appendChild(h);
    var list = document.createElement("ol");
    list.className = "search-results";
    hits.slice(0, 100).forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + hit.d.u;
      a.textContent = hit.d.t + (hit.d.s ? " — " + hit.d.s : "");
      li.appendChild(a);
      var p = document.createElement("p");
      p.appendChild(snippet(hit.d.b));
      li.appendChild(p);
      list.appendChild(li);
    });
    out.appendChild(list);
    out.setAttribute("aria-busy", "false");
    h.setAttribute("tabindex", "-1");
    h.focus();
  }
})();
