/* Roadmap editor (roadmaps/templates/roadmaps/detail.html): htmx settings and small helpers.
 *
 * The server answers 409 (the row changed or was deleted meanwhile: the conflict form) and 422
 * (the form again with its errors) with fragments meant to be shown; htmx drops 4xx answers by
 * default, so those two codes are swapped like 200. Other errors show a message above the table.
 */
(function () {
  "use strict";
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
    404: "Строка или карта не найдена — возможно, её удалили. Обновите страницу.",
    405: "Это действие так выполнить нельзя.",
    500: "Ошибка на сервере. Попробуйте ещё раз или обновите страницу.",
  };

  function notice(text, level) {
    var box = document.getElementById("roadmap-notice");
    if (!box) {
      return;
    }
    box.innerHTML = "";
    var alert = document.createElement("div");
    alert.className = "alert alert-" + (level || "warning") + " alert-dismissible py-2";
    alert.setAttribute("role", "alert");
    alert.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", "Закрыть");
    close.setAttribute("data-bs-dismiss", "alert");
    alert.appendChild(close);
    box.appendChild(alert);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    notice((ERRORS[status] || ERRORS[500]) + " (код " + status + ")", "danger");
  });
  document.addEventListener("htmx:sendError", function () {
    notice("Нет связи с сервером. Проверьте подключение и повторите.", "danger");
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("roadmap-notice");
    if (box) {
      box.innerHTML = "";
    }
  });

  // «Отмена» of a form for a row that is not saved yet: the form simply goes away.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-rm-remove-row]");
    if (link) {
      event.preventDefault();
      link.closest("tr").remove();
    }
  });

  // In an inline form: Ctrl+Enter saves, Escape cancels.
  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form.rm-form");
    if (!form) {
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === "Escape") {
      var cancel = form.querySelector("[hx-get], [data-rm-remove-row]");
      if (cancel) {
        event.preventDefault();
        cancel.click();
      }
    }
  });

  // The «⋯» menu of a row: a copy of the page's one menu template with the row's id, made on the first
  // click, before Bootstrap looks for the menu next to the button. What makes sense — up, down,
  // indent, outdent — is read from the table as it is now, since neighbours change without a reload.
  function previousRow(row) {
    var node = row.previousElementSibling;
    while (node && !node.classList.contains("rm-row")) {
      node = node.previousElementSibling;
    }
    return node;
  }

  function nextRow(row) {
    var node = row.nextElementSibling;
    while (node && !node.classList.contains("rm-row")) {
      node = node.nextElementSibling;
    }
    return node;
  }

  function possible(row) {
    var level = Number(row.dataset.level || 0);
    var previous = previousRow(row);
    return {
      up: Boolean(previous),
      down: Boolean(nextRow(row)),
      indent: Boolean(previous) && level <= Number(previous.dataset.level || 0) && level < 5,
      outdent: level > 0,
    };
  }

  // On window, capturing: Bootstrap's own delegated handler captures on document, which comes later.
  window.addEventListener(
    "click",
    function (event) {
      var toggle = event.target.closest && event.target.closest(".rm-menu");
      var template = document.getElementById("rm-row-menu");
      if (!toggle || !template) {
        return;
      }
      var row = toggle.closest("tr");
      var menu = toggle.nextElementSibling;
      if (!menu) {
        var holder = document.createElement("div");
        holder.innerHTML = template.innerHTML.split(template.dataset.sentinel).join(row.id.replace("row-", ""));
        menu = holder.querySelector(".dropdown-menu");
        toggle.after(menu);
        htmx.process(menu);
      }
      var allowed = possible(row);
      menu.querySelectorAll("[data-rm-needs]").forEach(function (item) {
        item.disabled = !allowed[item.dataset.rmNeeds];
      });
    },
    true
  );

  // A form that appears is scrolled into view.
  htmx.onLoad(function (element) {
    var row = element.matches && element.matches("tr.rm-editing") ? element : null;
    if (row) {
      row.scrollIntoView({ block: "nearest" });
    }
  });
})();
