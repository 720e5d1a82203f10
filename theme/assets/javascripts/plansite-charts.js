/* Charts: the static SVG built with the site is the first paint; the
 * interactive chart (tooltips) replaces it when a reader reaches for it.
 *
 * The Vega bundle (~300 KB gzipped) is loaded only on a page with a chart,
 * and only once the reader points at or taps a chart; its address,
 * on this site, comes from the page's JSON config (#plansite-config). After
 * that, the page's other charts turn interactive as they come into view.
 * Each chart is drawn at the width its container has after layout, and
 * redrawn when that width changes, so it never renders at a stale width.
 * `ast: true` keeps Vega from compiling expressions with eval. Until a chart
 * renders (or if it fails) its static SVG stays visible. */
(function () {
  "use strict";

  var FIGURES = ".plansite-chart";
  var TRIGGERS = ["pointerenter", "pointerdown"];
  var library = null;
  var inView = null;

  function settings() {
    var node = document.getElementById("plansite-config");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  function loadLibrary() {
    if (typeof window.vegaEmbed === "function") return Promise.resolve();
    if (!library) {
      library = new Promise(function (resolve, reject) {
        var src = settings().vega;
        if (!src) return reject(new Error("no chart library configured"));
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return library;
  }

  function dark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  /* The width the chart may take: the figure's, a block box, read after layout. */
  var WIDTH_PARAM = "plansite_width";

  function widthOf(figure) {
    return Math.floor(figure.getBoundingClientRect().width);
  }

  function draw(figure, width) {
    var specNode = figure.querySelector("script.plansite-chart__spec");
    var view = figure.querySelector(".plansite-chart__view");
    if (!specNode || !view) return Promise.reject(new Error("no chart spec"));
    var spec = JSON.parse(specNode.textContent);
    if (spec.width === "container") spec.width = width;
    /* A chart may lay itself out by its width (e.g. turned labels on a phone). */
    (spec.params || []).forEach(function (param) {
      if (param.name === WIDTH_PARAM) param.value = width;
    });
    var options = { actions: false, ast: true, renderer: "svg", tooltip: { theme: dark() ? "dark" : "light" } };
    return window.vegaEmbed(view, spec, options).then(function (result) {
      figure._plansiteView = result.view;
      figure._plansiteWidth = width;
      figure.setAttribute("data-rendered", "true");
    });
  }

  /* Draws the chart at its container's width once laid out, and follows
   * that width when it changes (a rotated phone, a scrollbar, a drawer). */
  function fit(figure) {
    var width = widthOf(figure);
    if (width < 1 || figure._plansiteBusy) return; // no box yet: drawn when it gets one
    if (!figure._plansiteView) {
      figure._plansiteBusy = true;
      draw(figure, width)
        .catch(function () {
          fail(figure);
        })
        .then(function () {
          figure._plansiteBusy = false;
          if (figure._plansiteView && widthOf(figure) !== figure._plansiteWidth) fit(figure);
        });
    } else if (width !== figure._plansiteWidth) {
      figure._plansiteWidth = width;
      var view = figure._plansiteView.width(width);
      if (figure.querySelector("script.plansite-chart__spec").textContent.indexOf('"' + WIDTH_PARAM + '"') >= 0) view.signal(WIDTH_PARAM, width);
      view.runAsync();
    }
  }

  function fail(figure) {
    figure.setAttribute("data-rendered", "failed");
  }

  function watchWidth(figure) {
    if (typeof ResizeObserver !== "function") {
      requestAnimationFrame(function () {
        fit(figure);
      });
      return;
    }
    var queued = false;
    // Called once as soon as observed (after layout), then on every resize.
    new ResizeObserver(function () {
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () {
        queued = false;
        fit(figure);
      });
    }).observe(figure);
  }

  function activate(figure) {
    if (figure.hasAttribute("data-rendered")) return;
    figure.setAttribute("data-rendered", "pending");
    loadLibrary().then(
      function () {
        observeTheRest();
        watchWidth(figure);
      },
      function () {
        fail(figure);
      }
    );
  }

  /* Once the library is here, the other charts render as they come into view. */
  function observeTheRest() {
    if (inView || typeof IntersectionObserver !== "function") return;
    inView = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          inView.unobserve(entry.target);
          activate(entry.target);
        });
      },
      { rootMargin: "200px 0px" }
    );
    Array.prototype.forEach.call(document.querySelectorAll(FIGURES), function (figure) {
      if (!figure.hasAttribute("data-rendered")) inView.observe(figure);
    });
  }

  function setUp() {
    Array.prototype.forEach.call(document.querySelectorAll(FIGURES + ":not([data-armed])"), function (figure) {
      figure.setAttribute("data-armed", "");
      TRIGGERS.forEach(function (type) {
        figure.addEventListener(type, function () { activate(figure); }, { once: true, passive: true });
      });
    });
  }

  window.plansite.onPage(setUp); // plansite-reading.js, loaded on every page before this script
})();
