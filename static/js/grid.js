// The items × schools grid (roadmaps/progress/grid.html).
// Cells are lean (a class and a glyph); their tooltip — «СОШ № 2 · 31.12.2022: в работе, просрочено;
// выполнено 1 из 2» — is put together on first hover or focus from the column's header, the row's
// «Срок» cell, the legend (data-k → label) and the cell's data-n ("done/due/overdue").
// Choosing a section in the filter shows it at once.
(function () {
  "use strict";

  var labels = null;

  function legend() {
    if (labels === null) {
      labels = {};
      document.querySelectorAll(".pg-key [data-k]").forEach(function (item) {
        var swatch = item.querySelector(".pg-swatch");
        var text = item.textContent.slice(swatch ? swatch.textContent.length : 0);
        labels[item.dataset.k] = text.trim().replace(/\s*\(.*\)$/, "");
      });
    }
    return labels;
  }

  function describe(cell) {
    var row = cell.parentElement;
    var table = cell.closest("table");
    var header = table.tHead.rows[0].cells[cell.cellIndex];
    var due = row.querySelector(".pg-due");
    var names = legend();
    var classes = cell.className.split(" ");
    var text = header ? header.textContent.trim() : "";
    if (due && due.textContent.trim()) {
      text += " · " + due.textContent.trim();
    }
    text += ": " + (names[classes[0]] || "");
    if (classes.indexOf("o") !== -1) {
      text += ", " + (names.o || "просрочено");
    }
    if (cell.dataset.n) {
      var counts = cell.dataset.n.split("/");
      text += "; выполнено " + counts[0] + " из " + counts[1];
      if (counts[2] !== "0") {
        text += ", просрочено " + counts[2];
      }
    }
    return text;
  }

  function explain(event) {
    var cell = event.target.closest && event.target.closest(".pg-grid tbody td[class]");
    if (!cell || cell.title || cell.classList.contains("pg-pct") || cell.classList.contains("pg-due")) {
      return;
    }
    cell.title = describe(cell);
    var link = cell.querySelector("a");
    if (link && !link.getAttribute("aria-label")) {
      link.setAttribute("aria-label", cell.title + " — открыть отчёт");
    }
  }

  document.addEventListener("mouseover", explain);
  document.addEventListener("focusin", explain);

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.name === "section" && select.form && select.closest(".pg-filters")) {
      select.form.submit();
    }
  });
})();
