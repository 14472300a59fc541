/* Shared by every page (templates/base.html loads it right after htmx): htmx settings and the
 * message shown when an htmx request fails. roadmap.js and reports.js use Metodkabinet.htmxErrorsIn.
 *
 * The server answers 409 (a conflict: the thing changed meanwhile) and 422 (the form again with its
 * errors) with fragments meant to be shown; htmx drops 4xx answers by default, so those two codes are
 * swapped like 200.
 */
(function () {
  "use strict";

  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "409", swap: true, error: false },
      { code: "422", swap: true, error: false },
    ].concat(htmx.config.responseHandling);
  }

  // <form data-confirm="Вопрос?">: asks before sending (an onsubmit attribute would be inline script,
  // which the Content-Security-Policy forbids).
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // The messages every page shares; a page adds its own (404 names what was not found).
  var ERRORS = {
    400: "Запрос не понят сервером. Обновите страницу.",
    403: "Недостаточно прав для этого действия (или истёк сеанс — войдите снова).",
    405: "Это действие так выполнить нельзя.",
    500: "Ошибка на сервере. Попробуйте ещё раз или обновите страницу.",
  };
  var NO_CONNECTION = "Нет связи с сервером. Проверьте подключение и повторите.";

  function errorText(status, messages) {
    if (!status) {
      return NO_CONNECTION;
    }
    var all = Object.assign({}, ERRORS, messages || {});
    return (all[status] || all[500]) + " (код " + status + ")";
  }

  /* Shows the message of a failed request (status 0: no connection) as a dismissible alert in the
   * element with the id `target`. options.alertIfMissing: window.alert when the page has no such
   * element; options.scroll: scroll the alert into view. */
  function showHtmxError(target, status, messages, options) {
    options = options || {};
    var text = errorText(status, messages);
    var box = document.getElementById(target);
    if (!box) {
      if (options.alertIfMissing) {
        window.alert(text);
      }
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
    if (options.scroll) {
      box.scrollIntoView({ block: "nearest" });
    }
  }

  /* Failed htmx requests of the page show their message in `target`, which is emptied before each
   * request. */
  function htmxErrorsIn(target, messages, options) {
    document.addEventListener("htmx:responseError", function (event) {
      showHtmxError(target, event.detail.xhr.status, messages, options);
    });
    document.addEventListener("htmx:sendError", function () {
      showHtmxError(target, 0, messages, options);
    });
    document.addEventListener("htmx:beforeRequest", function () {
      var box = document.getElementById(target);
      if (box) {
        box.innerHTML = "";
      }
    });
  }

  window.Metodkabinet = Object.assign(window.Metodkabinet || {}, {
    showHtmxError: showHtmxError,
    htmxErrorsIn: htmxErrorsIn,
  });
})();
