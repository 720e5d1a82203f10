/* Filters the task tables of the progress page by lead unit.
 * Without JavaScript the filter stays hidden and the page shows every task,
 * grouped by project and again by lead unit. Rows carry their lead units in
 * data-lead (unit ids separated by spaces); a group whose rows are all
 * filtered out is hidden with them. */
(function () {
  "use strict";

  function applyFilter(filter, select) {
    var unit = select.value;
    var tables = document.querySelectorAll("table.plansite-progress-table");
    var shown = 0;
    var total = 0;
    Array.prototype.forEach.call(tables, function (table, index) {
      Array.prototype.forEach.call(table.tBodies, function (body) {
        var visible = 0;
        Array.prototype.forEach.call(body.querySelectorAll("tr[data-lead]"), function (row) {
          var leads = row.getAttribute("data-lead").split(" ");
          var match = unit === "" || leads.indexOf(unit) !== -1;
          row.hidden = !match;
          if (match) visible += 1;
          if (index === 0) {
            total += 1;
            if (match) shown += 1;
          }
        });
        body.hidden = visible === 0;
      });
    });
    var count = filter.querySelector(".plansite-progress-filter__count");
    // The label's form for the total: data-count-one, data-count-other (as the page's language counts).
    var form = new Intl.PluralRules(document.documentElement.lang || undefined).select(total);
    var template = filter.getAttribute("data-count-" + form) || filter.getAttribute("data-count-other") || "";
    if (count) {
      count.textContent = unit === "" ? "" : template.replace("{shown}", String(shown)).replace("{total}", String(total));
    }
  }

  function setUp() {
    var filters = document.querySelectorAll(".plansite-progress-filter:not([data-ready])");
    Array.prototype.forEach.call(filters, function (filter) {
      var select = filter.querySelector("select");
      if (!select) return;
      filter.setAttribute("data-ready", "true");
      filter.hidden = false;
      select.addEventListener("change", function () {
        applyFilter(filter, select);
      });
      applyFilter(filter, select); // a value the browser restored on going back
    });
  }

  window.plansite.onPage(setUp); // plansite-reading.js, loaded on every page before this script
})();
