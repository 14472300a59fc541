/* School progress reports («Мои задачи», the report page): htmx settings and small helpers.
 *
 * The server answers 409 (the report changed meanwhile, or it is sent/accepted) and 422 (the form
 * again with its errors) with fragments meant to be shown; app.js has htmx swap those two like 200.
 * Other errors show a message in #tasks-notice (an alert box where the page has none).
 */
(function () {
  "use strict";

  // A form with data-confirm asks first (reopening a report, removing a file).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // The organization selector of «Мои задачи» shows the chosen organization at once.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]")) {
      event.target.form.requestSubmit();
    }
  });

  if (!window.htmx) {
    return;
  }

  // 409/422 are swapped and other errors shown by app.js; here only what names this page's objects.
  window.Metodkabinet.htmxErrorsIn(
    "tasks-notice",
    {
      404: "Мероприятие или отчёт не найдены. Обновите страницу.",
      413: "Файлы слишком большие для одной отправки.",
    },
    { alertIfMissing: true, scroll: true }
  );

  // A form that opens in a line gets the focus and is scrolled into view; Escape closes it.
  htmx.onLoad(function (element) {
    if (element.matches && element.matches(".task-editing")) {
      element.scrollIntoView({ block: "nearest" });
      var first = element.querySelector("select, textarea, input:not([type=hidden])");
      if (first) {
        first.focus();
      }
    }
  });
  // In a line's form: Escape cancels, Ctrl+Enter saves the draft («Сохранить черновик»). What follows —
  // the line back, the focus on its first action, the announcement — the server names
  // (core.web.htmx_announce, handled in app.js).
  document.addEventListener("keydown", function (event) {
    var line = event.target.closest && event.target.closest(".task-editing");
    if (!line) {
      return;
    }
    if (event.key === "Escape") {
      var cancel = line.querySelector("a[hx-get]");
      if (cancel) {
        event.preventDefault();
        cancel.click();
      }
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var save = line.querySelector("button[name=save]");
      if (save) {
        event.preventDefault();
        save.click();
      }
    }
  });
})();
