/*
 * The editor's behaviour in the browser: what htmx does not do by itself.
 *
 * - Escape cancels an inline edit; Enter submits it (plain form behaviour).
 * - The side panel's tabs (Diagram / Code) and the copy button.
 * - The diagram is static/designer/diagram.js's.
 * - Undo / Redo with Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y), not while typing in an input:
 *   they press the undo bar's buttons.
 * - The live refresh: every two seconds the page asks the server for the project's
 *   revision (one indexed query; polling works through every proxy and holds no
 *   worker). When someone else changed the design, the diagram, the entity list, the
 *   previews, the review and the history refresh (`schemaChanged`); when they changed
 *   the entity open here, a banner offers to reload it — nothing typed is replaced under
 *   the user's fingers. A response that made a change says so (`X-Design-Change`), so a
 *   change made here is not announced as someone else's.
 * - Presence: the same poll answers who else has the project open and on which entity,
 *   shown in the header's #presence.
 */
(function () {
  "use strict";

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function currentEntityId() {
    var input = $("#current-entity");
    return input ? input.value : "";
  }

  // -- inline editing ------------------------------------------------------------------

  function typing(target) {
    return target && target.closest && (
      target.closest("input, textarea, select, [contenteditable]") !== null
    );
  }

  document.addEventListener("keydown", function (event) {
    var key = (event.key || "").toLowerCase();
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (key === "z" || key === "y")) {
      if (typing(event.target)) {
        return; // the input's own undo
      }
      var redo = key === "y" || event.shiftKey;
      var button = $(redo ? "#redo-button" : "#undo-button");
      event.preventDefault();
      if (button && !button.disabled) {
        button.click();
      }
      return;
    }
    if (event.key !== "Escape") {
      return;
    }
    var form = event.target.closest && event.target.closest("form");
    var cancel = form && form.querySelector("[data-cancel]");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });

  // -- tabs and copy -------------------------------------------------------------------

  document.addEventListener("click", function (event) {
    var tab = event.target.closest('[role="tab"]');
    if (tab) {
      document.querySelectorAll('[role="tab"]').forEach(function (other) {
        var selected = other === tab;
        other.setAttribute("aria-selected", selected ? "true" : "false");
        document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
      });
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = $(copy.getAttribute("data-copy"));
      navigator.clipboard.writeText(source.value).then(function () {
        copy.textContent = "Copied";
        setTimeout(function () { copy.textContent = "Copy"; }, 1500);
      });
    }
  });

  // -- the design review's badges ------------------------------------------------------

  function worst(counts) {
    return ["error", "warning", "info"].find(function (level) { return counts[level]; });
  }

  function badge(level, count, title) {
    var element = document.createElement("span");
    element.className = "finding-badge sev-" + level;
    element.textContent = String(count);
    element.title = title;
    element.setAttribute("aria-label", title);
    return element;
  }

  // Put the review's findings on the entity list and the field rows; run after every
  // swap, since a swap may bring new rows or a new review.
  function applyBadges() {
    var source = $("#review-badges");
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll(".finding-badge").forEach(function (old) { old.remove(); });
    Object.keys(data.entities).forEach(function (id) {
      var counts = data.entities[id];
      var link = $('#entity-list a[href$="/entities/' + id + '/"]');
      var total = (counts.error || 0) + (counts.warning || 0) + (counts.info || 0);
      if (link && total) {
        link.querySelector(".entity-name").after(
          badge(worst(counts), total, total + " design review finding" + (total === 1 ? "" : "s"))
        );
      }
    });
    Object.keys(data.columns).forEach(function (id) {
      var cell = $("#field-" + id + " td.name");
      var items = data.columns[id];
      if (cell && items.length) {
        var levels = {};
        items.forEach(function (item) { levels[item.severity] = 1; });
        var title = items.map(function (item) { return item.severity + ": " + item.message; }).join("\n");
        cell.querySelector("code").after(badge(worst(levels), items.length, title));
      }
    });
  }

  // -- live refresh: other people's changes -----------------------------------------------

  var known = 0;
  var own = {}; // revisions made by this page's own requests
  var polling = false;
  var reloading = false; // the open entity is being loaded again

  function editorElement() {
    return $(".editor[data-revision-url]");
  }

  function learn(revision) {
    var value = parseInt(revision, 10);
    if (!isNaN(value) && value > known) {
      known = value;
    }
  }

  function notice(message, level) {
    var status = $("#design-status");
    if (!status) {
      return;
    }
    status.textContent = message;
    status.className = "design-status " + (level || "info");
    status.hidden = false;
    clearTimeout(notice.timer);
    notice.timer = setTimeout(function () { status.hidden = true; }, 6000);
  }

  function showBanner(summary) {
    var banner = $("#live-banner");
    if (!banner) {
      return;
    }
    banner.querySelector(".live-message").textContent =
      "This entity was changed elsewhere" + (summary ? ": " + summary : "") + ".";
    banner.hidden = false;
  }

  function reloadEntity() {
    var banner = $("#live-banner");
    var current = currentEntityId();
    var editor = editorElement();
    if (banner) {
      banner.hidden = true;
    }
    if (!current || !editor || !window.htmx) {
      return;
    }
    var url = "/projects/" + editor.getAttribute("data-project") + "/entities/" + current + "/";
    reloading = true;
    window.htmx.ajax("GET", url, { target: "#entity-panel", swap: "innerHTML" }).then(function () {
      reloading = false;
    });
  }

  // Who else has the project open, and on which entity: "ada on orders · bob". Their
  // names are other people's text: set as textContent, never as HTML.
  function showPresence(present) {
    var holder = $("#presence");
    if (!holder) {
      return;
    }
    holder.textContent = "";
    present.forEach(function (person, index) {
      if (index) {
        holder.appendChild(document.createTextNode(" · "));
      }
      var item = document.createElement("span");
      item.className = "presence-person";
      item.textContent = person.user;
      if (person.entity) {
        item.appendChild(document.createTextNode(" on "));
        var entity = document.createElement("span");
        entity.className = "presence-entity";
        entity.textContent = person.entity;
        item.appendChild(entity);
      }
      holder.appendChild(item);
    });
    holder.title = present.length ? "Also in this project now" : "";
  }

  function poll() {
    var editor = editorElement();
    if (!editor || polling || document.visibilityState === "hidden") {
      return;
    }
    polling = true;
    var url = editor.getAttribute("data-revision-url") + "?since=" + known +
      "&entity=" + encodeURIComponent(currentEntityId());
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) {
          showPresence(data.present || []);
        }
        if (!data || data.revision <= known) {
          return;
        }
        known = data.revision;
        var theirs = data.changes.filter(function (change) { return !own[change.revision]; });
        if (!theirs.length) {
          return;
        }
        var last = theirs[theirs.length - 1].summary;
        var here = theirs.filter(function (change) { return change.entity; });
        if (here.length) {
          showBanner(here[here.length - 1].summary);
        }
        if (window.htmx) {
          window.htmx.trigger(document.body, "schemaChanged");
          window.htmx.trigger(document.body, "entityRenamed");
        }
        notice("Updated: " + last);
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { polling = false; });
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var made = xhr ? parseInt(xhr.getResponseHeader("X-Design-Change"), 10) : NaN;
    if (!isNaN(made)) {
      own[made] = true;
    }
  });

  // A request about something someone else deleted meanwhile (404), or a failure: say
  // so, and bring the page up to date, rather than leave the click without an answer.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    notice(status === 404
      ? "That is no longer there: someone changed the design. The page is up to date again."
      : "That did not work (the server answered " + status + "). Try again.", "error");
    if (status === 404 && reloading) {
      // The open entity itself is gone: the project's page opens the first one.
      window.location.href = "/projects/" + editorElement().getAttribute("data-project") + "/";
    } else if (status === 404 && window.htmx) {
      window.htmx.trigger(document.body, "schemaChanged");
      window.htmx.trigger(document.body, "entityRenamed");
      reloadEntity();
    }
  });

  document.addEventListener("designNotice", function (event) {
    notice(event.detail && event.detail.message ? event.detail.message : "Done.");
  });

  document.addEventListener("designProblem", function (event) {
    notice(event.detail && event.detail.message ? event.detail.message : "That did not work.",
      "error");
  });

  document.addEventListener("click", function (event) {
    var action = event.target.closest && event.target.closest("[data-live]");
    if (!action) {
      return;
    }
    if (action.getAttribute("data-live") === "reload") {
      reloadEntity();
    } else {
      $("#live-banner").hidden = true;
    }
  });

  document.addEventListener("htmx:afterSwap", function () {
    applyBadges();
  });

  // -- the field forms: only the parameters the type takes ---------------------------------

  // A field form's type select carries, per type, the parameters it takes
  // (data-params: {"varchar": ["length"], "numeric": ["precision", "scale"], ...}); the
  // other inputs are hidden and emptied, so a value typed for the previous type is not
  // sent for this one (the server refuses it with a message if it is).
  function showTypeParams(select) {
    var row = select.closest("[data-type-params]");
    if (!row) {
      return;
    }
    var params = {};
    try { params = JSON.parse(select.getAttribute("data-params") || "{}"); } catch (e) { return; }
    var takes = params[select.value] || [];
    ["length", "precision", "scale"].forEach(function (name) {
      var input = row.querySelector('[name="' + name + '"]');
      var holder = input && input.closest(".fld");
      if (!holder) {
        return;
      }
      var shown = takes.indexOf(name) !== -1 || holder.classList.contains("has-error");
      if (!shown && input.value !== "") {
        input.value = "";
      }
      holder.hidden = !shown;
    });
  }

  function showAllTypeParams(root) {
    (root || document).querySelectorAll("[data-type-params] select[data-params]").forEach(
      showTypeParams
    );
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-params]")) {
      showTypeParams(event.target);
    }
  });

  // -- keyboard focus across inline edits -------------------------------------------------

  // A field row swapped for its form (Enter on Edit) or back (Save, Cancel, Escape) keeps
  // the keyboard: the form's first input, then the row's Edit link. The row's id is
  // noted before the swap, since the element swapped out is gone afterwards.
  var swappedRow = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    swappedRow = target && target.matches && target.matches("tr.field-row") ? target.id : null;
  });

  function focusSwappedRow() {
    var row = swappedRow && document.getElementById(swappedRow);
    swappedRow = null;
    if (!row) {
      return;
    }
    var target = row.classList.contains("editing")
      ? row.querySelector("input:not([type=hidden]):not([disabled]), select, textarea")
      : row.querySelector("[autofocus]") || row.querySelector('a[aria-label^="Edit "]');
    if (target && document.activeElement !== target) {
      target.focus();
    }
  }

  // -- the quick-add line: the keyboard stays in it --------------------------------------

  // After a quick add (or a refusal) the panel comes back with the line marked: focus it
  // again, the typed text (kept on a refusal) selected from its end.
  function focusQuickAdd() {
    var input = $("#quick-add");
    if (input) {
      input.focus();
      var end = input.value.length;
      input.setSelectionRange(end, end);
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    showAllTypeParams(event.detail && event.detail.elt && event.detail.elt.isConnected
      ? event.detail.elt : document);
    var quick = $("#quick-add[data-focus-now]");
    if (quick) {
      quick.removeAttribute("data-focus-now"); // once: later swaps keep their own focus
      swappedRow = null;
      focusQuickAdd();
    } else {
      focusSwappedRow();
    }
  });

  // "Add entity" answers with a redirect to the new entity's page: the keyboard lands in
  // its quick-add line there (name, Enter, fields, Enter). The form's submission is noted
  // for the next page for a few seconds; a refusal (the form comes back) takes it back.
  var NEW_ENTITY_KEY = "designer.newEntityAt";

  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail && event.detail.elt;
    if (source && source.closest && source.closest("#new-entity")) {
      try { sessionStorage.setItem(NEW_ENTITY_KEY, String(Date.now())); } catch (e) { /* private mode */ }
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "new-entity" || $("#new-entity .errorlist")) {
      try { sessionStorage.removeItem(NEW_ENTITY_KEY); } catch (e) { /* private mode */ }
    }
  });

  function newEntityJustAdded() {
    try {
      var at = parseInt(sessionStorage.getItem(NEW_ENTITY_KEY), 10);
      sessionStorage.removeItem(NEW_ENTITY_KEY);
      return !isNaN(at) && Date.now() - at < 10000;
    } catch (e) {
      return false;
    }
  }

  document.addEventListener("entitySelected", function () {
    var banner = $("#live-banner");
    if (banner) {
      banner.hidden = true; // another entity: the news was about the previous one
    }
    var title = $("#entity-form-name, #entity-name");
    if (title && title.value) {
      document.title = title.value + " · " + document.title.split(" · ").slice(-2).join(" · ");
    }
  });

  window.addEventListener("popstate", function () {
    window.location.reload();
  });

  function ready() {
    var editor = editorElement();
    if (editor) {
      learn(editor.getAttribute("data-revision"));
      setInterval(poll, 2000);
    }
    showAllTypeParams(document);
    if (newEntityJustAdded()) {
      focusQuickAdd(); // a new entity: its fields come next
    }
    // htmx has processed the page by now (its own DOMContentLoaded handler ran first).
    document.documentElement.setAttribute("data-editor-ready", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
