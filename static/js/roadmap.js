/* Roadmap editor (roadmaps/templates/roadmaps/detail.html): htmx settings and small helpers.
 *
 * The server answers 409 (the row changed or was deleted meanwhile: the conflict form) and 422
 * (the form again with its errors) with fragments meant to be shown; app.js has htmx swap those two
 * like 200. Other errors show a message above the table (#roadmap-notice).
 */
(function () {
  "use strict";
  if (!window.htmx) {
    return;
  }

  // 409/422 are swapped and other errors shown by app.js; here only what names this page's objects.
  window.Metodkabinet.htmxErrorsIn("roadmap-notice", {
    404: "Строка или карта не найдена — возможно, её удалили. Обновите страницу.",
  });

  // «Отмена» of a form for a row that is not saved yet: the form simply goes away, and the focus goes
  // back to the button that opened it (data-rm-opener: «Добавить …» or the «⋯» of the row next to it).
  // The saved and the cancelled forms of existing rows come back from the server, which names the focus
  // and the announcement itself (core.web.htmx_announce, handled in app.js).
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-rm-remove-row]");
    if (link) {
      event.preventDefault();
      var row = link.closest("tr");
      var isNew = row.dataset.mode === "new";
      var opener = row.dataset.rmOpener;
      row.remove();
      window.Metodkabinet.focusOn([opener, "#roadmap-table-wrap"].filter(Boolean));
      window.Metodkabinet.announce(isNew ? "Добавление отменено" : "Строка не добавлена");
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
      if (window.bootstrap) {
        // Fixed positioning: on a phone the table scrolls in a box that would clip an absolute menu.
        window.bootstrap.Dropdown.getOrCreateInstance(toggle, { popperConfig: { strategy: "fixed" } });
      }
      var allowed = possible(row);
      menu.querySelectorAll("[data-rm-needs]").forEach(function (item) {
        item.disabled = !allowed[item.dataset.rmNeeds];
      });
    },
    true
  );

  // «Назначить школам» (roadmaps/progress/_assign_fields.html): the schools list is dimmed unless
  // «Выбранные школы» is chosen; ticking a school chooses that option; search and «Выбрать все».
  function assignForm(element) {
    return element.closest && element.closest(".pg-assign-form");
  }

  function syncAssign(form) {
    var chosen = form.querySelector("input[data-pg-scope]:checked");
    var box = form.querySelector("[data-pg-schools]");
    if (!box) {
      return;
    }
    box.classList.toggle("pg-muted", !chosen || chosen.value !== "selected");
    var count = box.querySelector("[data-pg-count]");
    if (count) {
      var n = box.querySelectorAll("input[name=schools]:checked").length;
      count.textContent = n ? "выбрано: " + n : "";
    }
  }

  function chooseSelected(form) {
    var radio = form.querySelector('input[data-pg-scope][value="selected"]');
    if (radio) {
      radio.checked = true;
    }
  }

  document.addEventListener("change", function (event) {
    var form = assignForm(event.target);
    if (!form) {
      return;
    }
    if (event.target.name === "schools" && event.target.checked) {
      chooseSelected(form);
    }
    syncAssign(form);
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches("[data-pg-search]")) {
      return;
    }
    var needle = event.target.value.trim().toLowerCase();
    var box = event.target.closest("[data-pg-schools]");
    box.querySelectorAll("[data-pg-school]").forEach(function (item) {
      item.hidden = Boolean(needle) && item.dataset.pgSchool.indexOf(needle) === -1;
    });
  });

  document.addEventListener("keydown", function (event) {
    // Enter in the search box filters; it does not send the form.
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-pg-search]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-pg-check]");
    if (!button) {
      return;
    }
    var form = assignForm(button);
    var on = button.dataset.pgCheck === "all";
    button
      .closest("[data-pg-schools]")
      .querySelectorAll("[data-pg-school]:not([hidden]) input[name=schools]")
      .forEach(function (input) {
        input.checked = on;
      });
    if (on) {
      chooseSelected(form);
    }
    syncAssign(form);
  });

  // After an assignment the whole table body is new: back to the row, and the changed rows flash.
  document.addEventListener("pg-assigned", function (event) {
    var rows = (event.detail && event.detail.rows) || [];
    rows.forEach(function (pk, index) {
      var row = document.getElementById("row-" + pk);
      if (!row) {
        return;
      }
      if (index === 0) {
        row.scrollIntoView({ block: "center" });
      }
      row.classList.add("pg-flash");
      window.setTimeout(function () {
        row.classList.remove("pg-flash");
      }, 2500);
    });
  });

  // The width of the table's scrolling box, for the forms in it on a narrow screen (app.css, «Keyboard
  // and zoom»): they stay as wide as the box, not as the table.
  var tableBox = document.getElementById("roadmap-table-wrap");
  if (tableBox && window.ResizeObserver) {
    new ResizeObserver(function () {
      tableBox.style.setProperty("--rm-box-width", tableBox.clientWidth + "px");
    }).observe(tableBox);
  }

  // A form that appears is scrolled into view.
  htmx.onLoad(function (element) {
    var row = element.matches && element.matches("tr.rm-editing") ? element : null;
    if (row) {
      row.scrollIntoView({ block: "nearest" });
    }
    var forms = element.querySelectorAll ? element.querySelectorAll(".pg-assign-form") : [];
    forms.forEach(syncAssign);
    // «Назначить школам» opens with the focus on the chosen «Кто отчитывается» (the other forms have
    // autofocus on their first field).
    if (row && row.dataset.mode === "assign" && !row.contains(document.activeElement)) {
      window.Metodkabinet.focusOn([row.querySelector("input[data-pg-scope]:checked"), row.querySelector("input, button")]);
    }
  });
})();
