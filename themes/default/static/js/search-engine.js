// policybook search: reads the sharded index under search/ (written by src/render/search/)
// and ranks pages for a query. No page markup here: js/search.js shows the results, and
// benches/search_bytes.js runs this same file in node to count the bytes a query loads.
//
// A query's words are cut, lower-cased and stemmed as the index was (js/stemmer.js), stop words
// left out. Each word, or "quoted phrase", is a clause; a glossary term and its expansion are
// one clause with two alternatives ("LSMS" or "local security management specialist"). A word
// not in the dictionary matches the stems one edit away when it has five letters or more. A
// section scores BM25 (the index holds each word's weight in each section, title and heading
// words weighing more; rarity is worked out here); a page scores by its best section and by
// how well its sections together cover the clauses. Pages with every clause come first.
(function (root) {
  "use strict";
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var WORD = /[\p{Alphabetic}\p{N}]/u;

  // Base-32 variable-length numbers, as src/render/search/shards.rs writes them.
  function varints(s) {
    var out = [], v = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGITS.indexOf(s.charAt(i));
      if (d >= 32) v = v * 32 + (d - 32);
      else { out.push(v * 32 + d); v = 0; }
    }
    return out;
  }

  // The tokens of a text, as text.rs cuts them: [token, start, end] each.
  function tokens(text) {
    var out = [], chars = Array.from(text), pos = [], at = 0;
    for (var k = 0; k < chars.length; k++) { pos.push(at); at += chars[k].length; }
    pos.push(at);
    var i = 0;
    while (i < chars.length) {
      if (!WORD.test(chars[i])) { i++; continue; }
      var start = i, word = "";
      while (i < chars.length) {
        var c = chars[i], next = chars[i + 1], nextWord = next !== undefined && WORD.test(next);
        if (WORD.test(c)) word += c.toLowerCase();
        else if (c === "." && nextWord && /[0-9]$/.test(word) && /[0-9]/.test(next)) word += ".";
        else if ((c === "'" || c === "\u2019") && nextWord) {
          i++;
          while (i < chars.length && WORD.test(chars[i])) i++;
          break;
        } else break;
        i++;
      }
      out.push([word, pos[start], pos[i]]);
    }
    return out;
  }

  function stemOf(token) {
    return /\p{N}/u.test(token) ? token : root.policybookStem(token);
  }

  // Whether a and b are one edit apart: a letter added, removed, changed, or two swapped.
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function keyChar(c) {
    return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
  }
  function key(stem, n) { return Array.from(stem).slice(0, n).map(keyChar).join(""); }

  function create(load) {
    var meta = null, starts = null, chunkStarts = null;

    function ready() {
      if (meta) return Promise.resolve(meta);
      return load("meta").then(function (m) {
        meta = m;
        starts = [0];
        varints(m.slots).forEach(function (n) { starts.push(starts[starts.length - 1] + n); });
        chunkStarts = [0];
        varints(m.chunks).forEach(function (n) { chunkStarts.push(chunkStarts[chunkStarts.length - 1] + n); });
        return m;
      });
    }

    function dictKey(stem) {
      var one = key(stem, 1);
      return meta.dict.indexOf(one) !== -1 ? one : key(stem, 2);
    }

    // The page a section belongs to: the last page starting at or before it.
    function pageOf(doc) {
      var lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= doc) lo = mid; else hi = mid - 1;
      }
      return lo;
    }

    // The query as clauses: each a list of alternatives, each a list of stems (a phrase when
    // more than one), with the words as typed.
    function parse(q, typos) {
      var parts = [], re = /"([^"]*)"|[^"\s]+/g, m;
      var stop = {};
      meta.stop.forEach(function (w) { stop[w] = true; });
      while ((m = re.exec(q))) {
        var words = tokens(m[1] !== undefined ? m[1] : m[0]).map(function (t) { return t[0]; })
          .filter(function (w) { return !stop[w]; });
        if (words.length === 0) continue;
        if (m[1] !== undefined) parts.push({ words: words, phrase: true });
        else words.forEach(function (w) { parts.push({ words: [w], phrase: false }); });
      }
      var clauses = [], i = 0;
      parts.forEach(function (p) {
        p.words.forEach(function (w) { if (Array.from(w).length >= 5) typos[stemOf(w)] = true; });
      });
      while (i < parts.length) {
        var merged = null;
        for (var g = 0; g < meta.gloss.length && !merged; g++) {
          for (var side = 0; side < 2 && !merged; side++) {
            var want = meta.gloss[g][side], other = meta.gloss[g][1 - side];
            var got = [], j = i;
            while (j < parts.length && got.length < want.length) { got = got.concat(parts[j].words.map(stemOf)); j++; }
            if (got.join(" ") === want.join(" ")) merged = { alts: [want, other], end: j, gloss: true };
          }
        }
        if (merged) { clauses.push(merged); i = merged.end; continue; }
        var p = parts[i];
        clauses.push({ alts: [p.words.map(stemOf)], words: p.words, phrase: p.phrase });
        i++;
      }
      return clauses;
    }

    // Every stem of the clauses with its variants: [stem, dictionary entry, factor], the word
    // itself, or, when it is not in the dictionary and was typed with five letters or more
    // (`typos`), the stems one edit away.
    function variants(stems, typos) {
      var keys = {};
      stems.forEach(function (s) { keys[dictKey(s)] = true; });
      return Promise.all(Object.keys(keys).map(function (k) {
        return load("d-" + k).catch(function () { return {}; }).then(function (d) { return [k, d]; });
      })).then(function (dicts) {
        var byKey = {}, out = {};
        dicts.forEach(function (kd) { byKey[kd[0]] = kd[1]; });
        stems.forEach(function (s) {
          var dict = byKey[dictKey(s)] || {};
          if (Object.prototype.hasOwnProperty.call(dict, s)) { out[s] = [[s, dict[s], 1]]; return; }
          out[s] = [];
          if (!typos[s]) return;
          Object.keys(dict).forEach(function (t) {
            if (oneEdit(s, t)) out[s].push([t, dict[t], 0.7]);
          });
        });
        return out;
      });
    }

    // The sections of each variant: {stem: {doc: weight}}.
    function postings(vars) {
      var files = {};
      Object.keys(vars).forEach(function (s) {
        vars[s].forEach(function (v) { files["p-" + dictKey(v[0]) + "-" + v[1][1]] = true; });
      });
      return Promise.all(Object.keys(files).map(load)).then(function (shards) {
        var all = {};
        shards.forEach(function (sh) { Object.keys(sh).forEach(function (t) { all[t] = sh[t]; }); });
        var out = {};
        Object.keys(vars).forEach(function (s) {
          vars[s].forEach(function (v) {
            if (out[v[0]] || all[v[0]] === undefined) return;
            var list = {}, doc = -1;
            varints(all[v[0]]).forEach(function (x) { doc += Math.floor(x / 8) + 1; list[doc] = (x % 8) + 1; });
            out[v[0]] = list;
          });
        });
        return out;
      });
    }

    function idf(df) { return Math.log(1 + (meta.n - df + 0.5) / (df + 0.5)); }

    // Ranks the pages: [{page, score, covered, docs: [[doc, score]]}], best first.
    function rank(clauses, vars, lists) {
      function stemScore(s, doc) {
        var best = 0;
        vars[s].forEach(function (v) {
          var w = lists[v[0]] && lists[v[0]][doc];
          if (w) best = Math.max(best, idf(v[1][0]) * (w / 8) * v[2]);
        });
        return best;
      }
      var docs = {};
      clauses.forEach(function (c) {
        c.alts.forEach(function (alt) {
          alt.forEach(function (s) {
            vars[s].forEach(function (v) { Object.keys(lists[v[0]] || {}).forEach(function (d) { docs[d] = true; }); });
          });
        });
      });
      var pages = {};
      Object.keys(docs).forEach(function (d) {
        d = +d;
        var scores = clauses.map(function (c) {
          var best = 0;
          c.alts.forEach(function (alt) {
            var sum = 0;
            for (var k = 0; k < alt.length; k++) {
              var sc = stemScore(alt[k], d);
              if (sc === 0) return;
              sum += sc;
            }
            best = Math.max(best, sum / Math.sqrt(alt.length));
          });
          return best;
        });
        var total = 0, cover = 0;
        scores.forEach(function (s) { total += s; if (s > 0) cover++; });
        if (cover === 0) return;
        var p = pageOf(d);
        var page = pages[p] || (pages[p] = { page: p, best: clauses.map(function () { return 0; }), docs: [], top: 0 });
        scores.forEach(function (s, c) { page.best[c] = Math.max(page.best[c], s); });
        var together = total * cover / clauses.length;
        page.top = Math.max(page.top, together);
        page.docs.push([d, together]);
      });
      var list = Object.keys(pages).map(function (p) {
        var page = pages[p], spread = 0, covered = 0;
        page.best.forEach(function (s) { spread += s; if (s > 0) covered++; });
        page.score = page.top + 0.5 * spread;
        page.covered = covered;
        page.docs.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        return page;
      });
      list.sort(function (a, b) { return b.covered - a.covered || b.score - a.score || a.page - b.page; });
      return list;
    }

    // The document of a page: {url, title, context, sections: {slot: [label, anchor, text]}}.
    function documentOf(page) {
      var lo = 0, hi = chunkStarts.length - 2;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (chunkStarts[mid] <= page) lo = mid; else hi = mid - 1;
      }
      return load("c-" + lo).then(function (chunk) {
        var d = chunk[page - chunkStarts[lo]], sections = {};
        d[3].forEach(function (s) { sections[s[0]] = [s[1], s[2], s[3]]; });
        return { url: d[0], title: d[1], context: d[2], sections: sections };
      });
    }

    // Whether a text holds the stems in a row, stop words aside.
    function holds(text, phrase) {
      var stop = {};
      meta.stop.forEach(function (w) { stop[w] = true; });
      var stems = tokens(text).map(function (t) { return t[0]; }).filter(function (w) { return !stop[w]; }).map(stemOf);
      for (var i = 0; i + phrase.length <= stems.length; i++) {
        if (phrase.every(function (s, k) { return stems[i + k] === s; })) return true;
      }
      return false;
    }

    // Searches: resolves to {clauses, pages, all, stems}; `all` is false when no page has
    // every clause and the pages shown have some of them.
    function search(q) {
      return ready().then(function () {
        var typos = {}, clauses = parse(q, typos);
        if (clauses.length === 0) return { clauses: clauses, pages: [], all: true, stems: {} };
        var stems = {};
        clauses.forEach(function (c) { c.alts.forEach(function (a) { a.forEach(function (s) { stems[s] = true; }); }); });
        return variants(Object.keys(stems), typos).then(function (vars) {
          return postings(vars).then(function (lists) {
            var ranked = rank(clauses, vars, lists);
            var all = ranked.length > 0 && ranked[0].covered === clauses.length;
            var shown = {};
            Object.keys(vars).forEach(function (s) { vars[s].forEach(function (v) { shown[v[0]] = true; }); });
            var result = { clauses: clauses, pages: all ? ranked.filter(function (p) { return p.covered === clauses.length; }) : ranked, all: all, stems: shown };
            return checkPhrases(result);
          });
        });
      });
    }

    // A quoted phrase must stand in the section as written: the first 50 pages are checked
    // against their text (the rest are not loaded, and are left out).
    function checkPhrases(result) {
      var phrases = result.clauses.filter(function (c) { return c.phrase && c.alts[0].length > 1; });
      if (phrases.length === 0) return result;
      var candidates = result.pages.slice(0, 50);
      return Promise.all(candidates.map(function (p) { return documentOf(p.page); })).then(function (docs) {
        result.pages = candidates.filter(function (p, i) {
          p.docs = p.docs.filter(function (d) {
            var s = docs[i].sections[d[0] - starts[p.page]];
            return s && phrases.every(function (c) { return holds(s[2], c.alts[0]); });
          });
          return p.docs.length > 0;
        });
        return result;
      });
    }

    return {
      search: search,
      documentOf: documentOf,
      tokens: tokens,
      stemOf: stemOf,
      slotOf: function (p, doc) { return doc - starts[p]; },
    };
  }

  root.policybookSearchEngine = create;
  if (typeof module !== "undefined" && module.exports) module.exports = create;
})(typeof window !== "undefined" ? window : globalThis);
