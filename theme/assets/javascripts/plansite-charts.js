/* Renders every chart on the page from the Vega-Lite spec embedded in it.
 * Vega, Vega-Lite and Vega-Embed come from the site itself; `ast: true` keeps
 * Vega from compiling expressions with eval, so no 'unsafe-eval' is needed.
 * Until a chart renders (or if it fails) its static SVG stays visible. */
(function () {
  "use strict";

  function renderCharts() {
    if (typeof window.vegaEmbed !== "function") return;
    var figures = document.querySelectorAll(".plansite-chart:not([data-rendered])");
    Array.prototype.forEach.call(figures, function (figure) {
      var specNode = figure.querySelector("script.plansite-chart__spec");
      var view = figure.querySelector(".plansite-chart__view");
      if (!specNode || !view) return;
      figure.setAttribute("data-rendered", "pending");
      var spec = JSON.parse(specNode.textContent);
      window
        .vegaEmbed(view, spec, { actions: false, ast: true, renderer: "svg" })
        .then(function () {
          figure.setAttribute("data-rendered", "true");
        })
        .catch(function () {
          figure.setAttribute("data-rendered", "failed");
        });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(renderCharts);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderCharts);
  } else {
    renderCharts();
  }
})();
