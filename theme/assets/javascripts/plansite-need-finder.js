/* The need finder on the enterprise page: filters the need sections as one
 * types. Without JavaScript the search box stays hidden and every need is a
 * section with its own anchor, listed in the index above them.
 *
 * Each section carries in data-search its names, keywords, summary and
 * everyday words in both languages (lower case), so a Chinese word finds a
 * need on the English page and the other way round. A need is shown when
 * every word typed occurs there (substring match, so Chinese needs no word
 * breaks), or when one of its everyday words (data-phrases, from
 * data/services.yaml) occurs anywhere in what was typed, so that a sentence
 * such as "我的商标被抢注了" or "I need a lawyer" finds it. A group whose
 * needs are all filtered out is hidden with them. */
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/[\s,，、;；]+/).filter(function (w) {
      return w.length > 0;
    });
  }

  var LATIN = /^[a-z0-9]/;

  // A Latin phrase must start a word of the query ("sue" is not in "issue");
  // a Chinese one may occur anywhere.
  function occursIn(query, phrase) {
    var at = query.indexOf(phrase);
    while (at !== -1) {
      if (!LATIN.test(phrase) || at === 0 || !/[a-z0-9]/.test(query.charAt(at - 1))) return true;
      at = query.indexOf(phrase, at + 1);
    }
    return false;
  }

  function matches(section, terms, query) {
    var haystack = section.getAttribute("data-search") || "";
    var everyTerm = terms.every(function (term) {
      return haystack.indexOf(term) !== -1;
    });
    if (everyTerm) return true;
    var phrases = (section.getAttribute("data-phrases") || "").split("|");
    return phrases.some(function (phrase) {
      return phrase.length > 1 && occursIn(query, phrase);
    });
  }

  function applyFilter(finder, input) {
    var terms = words(input.value);
    var query = input.value.toLowerCase().replace(/\s+/g, " ").trim();
    var needs = finder.querySelectorAll(".plansite-need");
    var shown = 0;
    Array.prototype.forEach.call(needs, function (section) {
      var match = terms.length === 0 || matches(section, terms, query);
      section.hidden = !match;
      if (match) shown += 1;
    });
    Array.prototype.forEach.call(finder.querySelectorAll(".plansite-need-group"), function (group) {
      group.hidden = group.querySelector(".plansite-need:not([hidden])") === null;
    });
    var index = finder.querySelector(".plansite-need-index");
    if (index) index.hidden = terms.length > 0;
    var empty = finder.querySelector(".plansite-need-finder__empty");
    if (empty) empty.hidden = shown > 0;
    var status = finder.querySelector(".plansite-need-finder__status");
    // The label's form for the total: data-count-one, data-count-other (as the page's language counts).
    var form = new Intl.PluralRules(document.documentElement.lang || undefined).select(needs.length);
    var template = finder.getAttribute("data-count-" + form) || finder.getAttribute("data-count-other") || "";
    if (status) {
      status.textContent =
        terms.length === 0 ? "" : template.replace("{shown}", String(shown)).replace("{total}", String(needs.length));
    }
  }

  function setUp() {
    var finders = document.querySelectorAll(".plansite-need-finder:not([data-ready])");
    Array.prototype.forEach.call(finders, function (finder) {
      var search = finder.querySelector(".plansite-need-finder__search");
      var input = finder.querySelector(".plansite-need-finder__input");
      if (!search || !input) return;
      finder.setAttribute("data-ready", "true");
      search.hidden = false;
      input.addEventListener("input", function () {
        applyFilter(finder, input);
      });
      applyFilter(finder, input); // a value the browser restored on going back
    });
  }

  window.plansite.onPage(setUp); // plansite-reading.js, loaded on every page before this script
})();
