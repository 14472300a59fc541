/* School progress reports («Мои задачи», the report page): htmx settings and small helpers.
 *
 * The server answers 409 (the report changed meanwhile, or it is sent/accepted) and 422 (the form
 * again with its errors) with fragments meant to be shown; htmx drops 4xx answers by default, so those
 * two codes are swapped like 200. Other errors show a message in #tasks-notice.
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

  htmx.config.responseHandling = [
    { code: "409", swap: true, error: false },
    { code: "422", swap: true, error: false },
  ].concat(htmx.config.responseHandling);

  var ERRORS = {
    400: "Запрос не понят сервером. Обновите страницу.",
    403: "Недостаточно прав для этого действия (или истёк сеанс — войдите снова).",
    404: "Мероприятие или отчёт не найдены. Обновите страницу.",
    405: "Это действие так выполнить нельзя.",
    413: "Файлы слишком большие для одной отправки.",
    500: "Ошибка на сервере. Попробуйте ещё раз или обновите страницу.",
  };

  function notice(text) {
    var box = document.getElementById("tasks-notice");
    if (!box) {
      window.alert(text);
      return;
    }
    box.innerHTML = "";
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible py-2";
    alert.setAttribute("role", "alert");
    alert.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", "Закрыть");
    close.setAttribute("data-bs-dismiss", "alert");
    alert.appendChild(close);
    box.appendChild(alert);
    box.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    notice((ERRORS[status] || ERRORS[500]) + " (код " + status + ")");
  });
  document.addEventListener("htmx:sendError", function () {
    notice("Нет связи с сервером. Проверьте подключение и повторите.");
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("tasks-notice");
    if (box) {
      box.innerHTML = "";
    }
  });

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
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) {
      return;
    }
    var line = event.target.closest(".task-editing");
    var cancel = line && line.querySelector("a[hx-get]");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });
})();
