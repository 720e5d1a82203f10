/* The reading mode: larger text and higher contrast, switched in the header
 * and remembered between pages (localStorage). The class is set before the
 * first paint by a line in the page's head; this shows the switch.
 *
 * Loaded on every page before the site's other scripts, it also gives them
 * plansite.onPage(setUp): run setUp on this page and, with Material's instant
 * navigation, on each page it brings in.
 *
 * And it makes the search take text that comes without a key press: Material
 * searches on keyup, so text pasted, dictated, or committed by some input
 * methods (as Chinese is typed on phones) found nothing until the next key. */
(function () {
  "use strict";

  window.plansite = window.plansite || {};
  window.plansite.onPage = function (setUp) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setUp);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUp);
    } else {
      setUp();
    }
  };

  var KEY = "plansite.reading";
  var CLASS = "plansite-reading";

  function remember(on) {
    try {
      if (on) localStorage.setItem(KEY, "on");
      else localStorage.removeItem(KEY);
    } catch (e) {
      /* storage refused: the mode lasts for this page */
    }
  }

  function show(button) {
    button.setAttribute("aria-pressed", String(document.documentElement.classList.contains(CLASS)));
  }

  function setUp() {
    Array.prototype.forEach.call(document.querySelectorAll(".plansite-reading__toggle"), function (button) {
      show(button);
      button.hidden = false;
      if (button.hasAttribute("data-armed")) return;
      button.setAttribute("data-armed", "");
      button.addEventListener("click", function () {
        var on = document.documentElement.classList.toggle(CLASS);
        remember(on);
        show(button);
      });
    });
  }

  window.plansite.onPage(setUp);

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field instanceof HTMLInputElement && field.classList.contains("md-search__input")) {
      field.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  });
})();
