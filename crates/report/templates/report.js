(function () {
  "use strict";
  var root = document.documentElement;

  // Target selector: the strips are coloured by CSS rules keyed on data-t.
  var select = document.getElementById("target-select");
  var articles = document.getElementById("articles");
  if (select && articles) {
    var apply = function () { articles.setAttribute("data-t", select.value); };
    select.addEventListener("change", apply);
    apply();
  }

  // A link to an article inside a collapsed group opens the group.
  function openTarget() {
    var id = location.hash.slice(1);
    if (!id) { return; }
    var el = document.getElementById(decodeURIComponent(id));
    if (!el) { return; }
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; }
    }
    el.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // Positions chart: a percentage that does not fit its segment (narrow
  // screens) is hidden rather than cut; the segment's tooltip still has it.
  function fitLabels() {
    Array.prototype.forEach.call(document.querySelectorAll(".track .pl"), function (pl) {
      pl.classList.remove("nofit");
      if (pl.scrollWidth > pl.parentElement.clientWidth) { pl.classList.add("nofit"); }
    });
  }
  var bars = document.querySelector(".bars");
  if (bars && window.ResizeObserver) {
    new ResizeObserver(fitLabels).observe(bars);
  } else {
    window.addEventListener("resize", fitLabels);
  }
  fitLabels();

  // Sortable tables: buttons in header cells carry the column index and type.
  function cellValue(row, col, numeric) {
    var cell = row.cells[col];
    var text = cell ? cell.textContent : "";
    if (numeric) {
      var v = parseFloat(text.replace(/,/g, ""));
      return isNaN(v) ? -Infinity : v;
    }
    return text.toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var body = table.tBodies[0];
    if (!body) { return; }
    Array.prototype.forEach.call(table.querySelectorAll("th button[data-col]"), function (button) {
      button.addEventListener("click", function () {
        var th = button.parentElement;
        var col = parseInt(button.getAttribute("data-col"), 10);
        var numeric = button.getAttribute("data-type") === "num";
        // Numbers sort largest first on the first click, text A to Z.
        var current = th.getAttribute("aria-sort");
        var descending = current ? current === "ascending" : numeric;
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, col, numeric);
          var y = cellValue(b, col, numeric);
          var c = x < y ? -1 : x > y ? 1 : 0;
          return descending ? -c : c;
        });
        Array.prototype.forEach.call(table.querySelectorAll("th[aria-sort]"), function (h) {
          h.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  root.setAttribute("data-js", "ready");
})();
