// policybook search: the Snowball English stemmer (Porter2), as the Rust crate rust-stemmers
// runs it when the index is built, so that a query's words meet the index's stems
// ("reviewing" and "reviews" are both "review"). tests/search_stemmer.rs checks, word for word
// over the example sites' vocabulary, that this gives what the index builder gives.
(function (root) {
  "use strict";
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias",
    andes: "andes",
  };
  var EXCEPTIONS_2 = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  var STEP2 = [
    ["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"], ["iveness", "ive"],
    ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"], ["entli", "ent"], ["ation", "ate"],
    ["alism", "al"], ["aliti", "al"], ["ousli", "ous"], ["iviti", "ive"], ["fulli", "ful"],
    ["enci", "ence"], ["anci", "ance"], ["abli", "able"], ["izer", "ize"], ["ator", "ate"],
    ["alli", "al"], ["bli", "ble"], ["ogi", "og"], ["li", ""],
  ];
  var STEP3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""],
  ];
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];

  function isVowel(c) { return "aeiouy".indexOf(c) !== -1; }

  // The longest of the suffixes (strings, or [suffix, replacement] pairs) that w ends with.
  function longest(w, list) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      var s = typeof list[i] === "string" ? list[i] : list[i][0];
      if (w.length >= s.length && w.slice(w.length - s.length) === s && (!best || s.length > (typeof best === "string" ? best : best[0]).length)) best = list[i];
    }
    return best;
  }

  // A short syllable ends at position i (exclusive): non-vowel, vowel, non-vowel other than
  // w, x and Y; or, at the start of the word, vowel then non-vowel.
  function shortSyllable(w, i) {
    if (i === 2) return isVowel(w[0]) && !isVowel(w[1]);
    if (i < 3) return false;
    var a = w[i - 3], b = w[i - 2], c = w[i - 1];
    return !isVowel(a) && isVowel(b) && !isVowel(c) && "wxY".indexOf(c) === -1;
  }

  function regions(w) {
    function after(start) {
      for (var i = start + 1; i < w.length; i++) if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
      return w.length;
    }
    var m = /^(gener|commun|arsen)/.exec(w);
    var r1 = m ? m[1].length : after(0);
    return [r1, after(r1)];
  }

  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    if (word.length < 3) return word;
    var w = word.charAt(0) === "'" ? word.slice(1) : word;
    if (w.charAt(0) === "y") w = "Y" + w.slice(1);
    for (var i = 1; i < w.length; i++) if (w[i] === "y" && isVowel(w[i - 1])) w = w.slice(0, i) + "Y" + w.slice(i + 1);
    var r = regions(w), r1 = r[0], r2 = r[1];

    // Step 0 and 1a.
    var s0 = longest(w, ["'s'", "'s", "'"]);
    if (s0) w = w.slice(0, w.length - s0.length);
    var s1a = longest(w, ["sses", "ied", "ies", "us", "ss", "s"]);
    if (s1a === "sses") w = w.slice(0, -2);
    else if (s1a === "ied" || s1a === "ies") w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
    else if (s1a === "s") {
      var before = w.slice(0, -2);
      for (var j = 0; j < before.length; j++) if (isVowel(before[j])) { w = w.slice(0, -1); break; }
    }
    if (EXCEPTIONS_2.indexOf(w) !== -1) return w;

    // Step 1b.
    var s1b = longest(w, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
    if (s1b === "eed" || s1b === "eedly") {
      if (w.length - s1b.length >= r1) w = w.slice(0, w.length - s1b.length) + "ee";
    } else if (s1b) {
      var stemPart = w.slice(0, w.length - s1b.length);
      if (/[aeiouy]/.test(stemPart)) {
        w = stemPart;
        var end = w.slice(-2);
        if (end === "at" || end === "bl" || end === "iz") w += "e";
        else if (DOUBLES.indexOf(end) !== -1) w = w.slice(0, -1);
        else if (w.length === r1 && shortSyllable(w, w.length)) w += "e";
      }
    }

    // Step 1c.
    var last = w.charAt(w.length - 1);
    if ((last === "y" || last === "Y") && w.length > 2 && !isVowel(w.charAt(w.length - 2))) w = w.slice(0, -1) + "i";

    // Step 2.
    var s2 = longest(w, STEP2);
    if (s2 && w.length - s2[0].length >= r1) {
      var base = w.slice(0, w.length - s2[0].length);
      if (s2[0] === "ogi") { if (base.slice(-1) === "l") w = base + "og"; }
      else if (s2[0] === "li") { if ("cdeghkmnrt".indexOf(base.slice(-1)) !== -1 && base.length > 0) w = base; }
      else w = base + s2[1];
    }

    // Step 3.
    var s3 = longest(w, STEP3);
    if (s3 && w.length - s3[0].length >= r1 && (s3[0] !== "ative" || w.length - 5 >= r2)) w = w.slice(0, w.length - s3[0].length) + s3[1];

    // Step 4.
    var s4 = longest(w, STEP4);
    if (s4 && w.length - s4.length >= r2) {
      var rest = w.slice(0, w.length - s4.length);
      if (s4 !== "ion" || /[st]$/.test(rest)) w = rest;
    }

    // Step 5.
    last = w.charAt(w.length - 1);
    if (last === "e") {
      var at = w.length - 1;
      if (at >= r2 || (at >= r1 && !shortSyllable(w, at))) w = w.slice(0, -1);
    } else if (last === "l" && w.length - 1 >= r2 && w.charAt(w.length - 2) === "l") {
      w = w.slice(0, -1);
    }
    return w.replace(/Y/g, "y");
  }

  root.policybookStem = stem;
  if (typeof module !== "undefined" && module.exports) module.exports = stem;
})(typeof window !== "undefined" ? window : globalThis);
