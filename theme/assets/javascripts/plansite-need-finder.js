/* The need finder on the enterprise page: filters the need sections as one
 * types. Without JavaScript the search box stays hidden and every need is a
 * section with its own anchor, listed in the index above them.
 *
 * Each section carries in data-search its names, keywords and summary in
 * both languages (lower case), so a Chinese word finds a need on the English
 * page and the other way round. Every word typed must occur (substring
 * match, so Chinese needs no word breaks); a group whose needs are all
 * filtered out is hidden with them. */
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/[\s,，、;；]+/).filter(function (w) {
      return w.length > 0;
    });
  }

  function matches(section, terms) {
    var haystack = section.getAttribute("data-search") || "";
    return terms.every(function (term) {
      return haystack.indexOf(term) !== -1;
    });
  }

  function applyFilter(finder, input) {
    var terms = words(input.value);
    var needs = finder.querySelectorAll(".plansite-need");
    var shown = 0;
    Array.prototype.forEach.call(needs, function (section) {
      var match = terms.length === 0 || matches(section, terms);
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
    var template = finder.getAttribute("data-count") || "";
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

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
