/* Shared by every page (templates/base.html loads it right after htmx): htmx settings, the message
 * shown when an htmx request fails, and what follows an in-place update (announce, focusOn).
 * roadmap.js and reports.js use Metodkabinet.htmxErrorsIn, announce and focusOn.
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

  /* htmx requests of the page under way or queued behind one (hx-sync "queue all" issues the next one
   * from the end of the previous, so the count never drops to zero between them). */
  var pendingHtmx = 0;
  var htmxIdleWaiters = [];
  document.addEventListener("htmx:beforeSend", function () {
    pendingHtmx += 1;
  });
  document.addEventListener("htmx:afterRequest", function () {
    pendingHtmx = Math.max(0, pendingHtmx - 1);
    // Checked a moment later: a queued request starts right after this one ends, and the answer's
    // out-of-band parts (a new version of the form) are swapped in by then.
    window.setTimeout(function () {
      if (pendingHtmx === 0) {
        htmxIdleWaiters.splice(0).forEach(function (callback) {
          callback();
        });
      }
    }, 50);
  });

  /* A field that saves itself into its status (hx-target: an element with role=status, a score sheet's
   * cell) is marked invalid while that status shows an error (.text-danger): for the eye (is-invalid)
   * and for a screen reader (aria-invalid, aria-describedby). */
  document.addEventListener("htmx:afterRequest", function (event) {
    var field = event.detail.elt;
    var selector = field && field.matches && field.matches("input, select, textarea") && field.getAttribute("hx-target");
    if (!selector || selector.charAt(0) !== "#") {
      return;
    }
    window.setTimeout(function () {
      var status = document.querySelector(selector);
      if (!status || status.getAttribute("role") !== "status") {
        return;
      }
      var failed = status.classList.contains("text-danger");
      field.classList.toggle("is-invalid", failed);
      if (failed) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", status.id);
      } else {
        field.removeAttribute("aria-invalid");
        field.removeAttribute("aria-describedby");
      }
    }, 50);
  });

  /* <form data-enter-next>: a grid of fields (a score sheet) where Enter moves to the next field, as in a
   * spreadsheet, instead of sending the form (leaving the field saves it); from the last field it goes to
   * the form's button. Without JavaScript Enter sends the whole form. */
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || event.isComposing || !field.matches || !field.matches("input[type=text]")) {
      return;
    }
    var form = field.closest("form[data-enter-next]");
    if (!form) {
      return;
    }
    event.preventDefault();
    var fields = Array.prototype.slice.call(form.querySelectorAll("input[type=text]:not([disabled])"));
    var next = fields[fields.indexOf(field) + 1] || form.querySelector("button[type=submit]");
    if (next) {
      next.focus();
    }
  });

  /* Calls `callback` once no htmx request of the page is under way — or after IDLE_LIMIT_MS at the latest
   * (a request that never ends must not hold a form for ever: the server then says what is stale). */
  var IDLE_LIMIT_MS = 15000;
  function whenHtmxIdle(callback) {
    if (pendingHtmx === 0) {
      callback();
      return;
    }
    var done = false;
    var once = function () {
      if (!done) {
        done = true;
        callback();
      }
    };
    htmxIdleWaiters.push(once);
    window.setTimeout(once, IDLE_LIMIT_MS);
  }

  // <form data-confirm="Вопрос?">: asks before sending (an onsubmit attribute would be inline script,
  // which the Content-Security-Policy forbids).
  // <form data-after-htmx>: a plain form of a page that saves fields as you leave them (a score sheet)
  // waits for those saves: clicking its button leaves the field being typed in, which starts a save;
  // the form is sent after it, with the values it brought (the sheet's new version).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute && form.hasAttribute("data-after-htmx") && pendingHtmx > 0) {
      event.preventDefault();
      var buttons = form.querySelectorAll("button[type=submit], button:not([type])");
      buttons.forEach(function (button) {
        button.disabled = true;
      });
      whenHtmxIdle(function () {
        buttons.forEach(function (button) {
          button.disabled = false;
        });
        form.submit(); // no submit event: not asked twice
      });
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

  /* After an in-place update. A fragment that replaces a form takes the focus with it (the browser
   * drops it to the body), and a screen reader hears nothing of the change. So the page has ONE polite
   * live region (#live-status in base.html) that announce() speaks through, and focusOn() puts the
   * focus on the updated thing's action.
   *
   * The server drives both: core.web.htmx_announce(response, say, focus=[selectors]) sends the event
   * `mk-update` in the header HX-Trigger-After-Settle, handled below once the new fragment is in place.
   * An app gets it by calling htmx_announce in its view; nothing to add here. */
  var announceTimer = null;

  function announce(text) {
    var region = document.getElementById("live-status");
    if (!region || !text) {
      return;
    }
    // Emptied first and filled a moment later: the same words twice in a row are spoken twice.
    region.textContent = "";
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(function () {
      region.textContent = text;
    }, 100);
  }

  var FOCUSABLE =
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), " +
    "textarea:not([disabled]), [tabindex]";

  /* Focuses the first of `targets` (CSS selectors or elements) that is on the page: the element itself
   * when it can take the focus, else the first link, button or field inside it. When none of them can,
   * the last element found takes it (made focusable for scripts only, tabindex=-1). */
  function focusOn(targets) {
    var found = null;
    [].concat(targets || []).some(function (target) {
      var element = typeof target === "string" ? document.querySelector(target) : target;
      if (!element) {
        return false;
      }
      found = element;
      var focusable = element.matches(FOCUSABLE) ? element : element.querySelector(FOCUSABLE);
      if (focusable) {
        found = focusable;
        return true;
      }
      return false;
    });
    if (!found) {
      return null;
    }
    if (!found.matches(FOCUSABLE)) {
      found.setAttribute("tabindex", "-1");
    }
    found.focus();
    return found;
  }

  document.addEventListener("mk-update", function (event) {
    var detail = event.detail || {};
    if (detail.focus && detail.focus.length) {
      focusOn(detail.focus);
    }
    announce(detail.say);
  });

  window.Metodkabinet = Object.assign(window.Metodkabinet || {}, {
    showHtmxError: showHtmxError,
    htmxErrorsIn: htmxErrorsIn,
    announce: announce,
    focusOn: focusOn,
  });
})();
