/*
 * The editor's behaviour in the browser: what htmx does not do by itself.
 *
 * - Escape cancels an inline edit; Enter submits it (plain form behaviour).
 * - The side panel's tabs (Diagram / Code) and the copy button.
 * - The ERD: drawn by window.ERD (erd.js) whenever #erd-source is refreshed (on load,
 *   on `schemaChanged`, on `entitySelected`, when focus mode changes); pan with the
 *   mouse, zoom with the wheel or the buttons, click an entity to open it; the view is
 *   kept across redraws; download as SVG or PNG.
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

  var view = { scale: 1, x: 0, y: 0, fitted: false };
  var drawing = Promise.resolve();

  function $(selector, root) {
    return (root || document).querySelector(selector);
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
      return;
    }
    var button = event.target.closest("[data-erd]");
    if (button) {
      erdCommand(button.getAttribute("data-erd"));
    }
  });

  // -- the diagram ---------------------------------------------------------------------

  function applyView() {
    var canvas = $("#erd-canvas");
    if (canvas) {
      canvas.style.transform =
        "translate(" + view.x + "px, " + view.y + "px) scale(" + view.scale + ")";
    }
  }

  function fit() {
    var viewport = $("#erd-viewport");
    var svg = $("#erd-canvas svg");
    if (!viewport || !svg) {
      return;
    }
    var box = svg.getBBox ? svg.getBoundingClientRect() : null;
    var width = (box && box.width / view.scale) || svg.clientWidth || 1;
    var height = (box && box.height / view.scale) || svg.clientHeight || 1;
    var scale = Math.min(viewport.clientWidth / width, viewport.clientHeight / height, 1.5) * 0.95;
    view.scale = Math.max(scale, 0.05);
    view.x = (viewport.clientWidth - width * view.scale) / 2;
    view.y = Math.max((viewport.clientHeight - height * view.scale) / 2, 8);
    applyView();
  }

  function zoom(factor, clientX, clientY) {
    var viewport = $("#erd-viewport");
    var rect = viewport.getBoundingClientRect();
    var px = (clientX === undefined ? rect.width / 2 : clientX - rect.left);
    var py = (clientY === undefined ? rect.height / 2 : clientY - rect.top);
    var scale = Math.min(Math.max(view.scale * factor, 0.05), 6);
    view.x = px - (px - view.x) * (scale / view.scale);
    view.y = py - (py - view.y) * (scale / view.scale);
    view.scale = scale;
    applyView();
  }

  function currentEntityId() {
    var input = $("#current-entity");
    return input ? input.value : "";
  }

  function markCurrent(links) {
    var canvas = $("#erd-canvas");
    if (!canvas || !window.ERD) {
      return;
    }
    var current = currentEntityId();
    window.ERD.entityNodes(canvas).forEach(function (node, id) {
      var url = links[id] || "";
      node.classList.toggle("current", current !== "" && url.indexOf(current) !== -1);
    });
  }

  function openEntity(url) {
    if (window.htmx) {
      window.htmx.ajax("GET", url, { target: "#entity-panel", swap: "innerHTML" }).then(function () {
        history.pushState({}, "", url);
      });
    } else {
      window.location.href = url;
    }
  }

  function draw() {
    var source = $("#erd-text");
    var status = $("#erd-status");
    var canvas = $("#erd-canvas");
    if (!source || !canvas || !window.ERD) {
      return;
    }
    var text = JSON.parse(source.textContent);
    var links = JSON.parse($("#erd-links").textContent);
    var caption = $("#erd-caption");
    drawing = drawing.then(function () {
      var started = performance.now();
      return window.ERD.render(text).then(function (svg) {
        canvas.innerHTML = svg;
        canvas.setAttribute("data-rendered", String(Date.now()));
        window.ERD.entityNodes(canvas).forEach(function (node, id) {
          if (links[id]) {
            node.setAttribute("tabindex", "0");
            node.setAttribute("role", "link");
            node.addEventListener("click", function () { openEntity(links[id]); });
            node.addEventListener("keydown", function (event) {
              if (event.key === "Enter") { openEntity(links[id]); }
            });
          }
        });
        markCurrent(links);
        var focused = caption && caption.getAttribute("data-focused");
        // The drawing time is for benchmarks and the curious (devtools), not a line to read.
        canvas.setAttribute("data-drawn-ms", String(Math.round(performance.now() - started)));
        status.className = "muted small";
        status.textContent = focused ? "Focus: " + focused + " and its neighbours" : "";
        if (!view.fitted) {
          view.fitted = true;
          fit();
        } else {
          applyView();
        }
      }).catch(function (error) {
        status.className = "small error";
        status.textContent = "The diagram could not be drawn: " + (error && error.message ? error.message : error);
      });
    });
  }

  function download(name, blob) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function svgText() {
    var svg = $("#erd-canvas svg");
    if (!svg) {
      return null;
    }
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    return new XMLSerializer().serializeToString(copy);
  }

  function downloadPng() {
    var svg = $("#erd-canvas svg");
    var text = svgText();
    if (!svg || !text) {
      return;
    }
    var box = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width
      ? svg.viewBox.baseVal : svg.getBBox();
    var ratio = 2;
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = Math.ceil(box.width * ratio);
      canvas.height = Math.ceil(box.height * ratio);
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) { download("erd.png", blob); }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }

  function erdCommand(command) {
    if (command === "zoom-in") { zoom(1.25); }
    if (command === "zoom-out") { zoom(0.8); }
    if (command === "reset") { fit(); }
    if (command === "svg") {
      var text = svgText();
      if (text) { download("erd.svg", new Blob([text], { type: "image/svg+xml" })); }
    }
    if (command === "png") { downloadPng(); }
  }

  function setUpViewport() {
    var viewport = $("#erd-viewport");
    if (!viewport || viewport.dataset.ready) {
      return;
    }
    viewport.dataset.ready = "1";
    var drag = null;
    viewport.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX, event.clientY);
    }, { passive: false });
    viewport.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || event.target.closest("g.node")) {
        return;
      }
      drag = { x: event.clientX - view.x, y: event.clientY - view.y };
      viewport.classList.add("dragging");
      viewport.setPointerCapture(event.pointerId);
    });
    viewport.addEventListener("pointermove", function (event) {
      if (drag) {
        view.x = event.clientX - drag.x;
        view.y = event.clientY - drag.y;
        applyView();
      }
    });
    viewport.addEventListener("pointerup", function () {
      drag = null;
      viewport.classList.remove("dragging");
    });
    viewport.addEventListener("keydown", function (event) {
      var step = 40;
      var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[event.key]) {
        view.x += moves[event.key][0];
        view.y += moves[event.key][1];
        applyView();
        event.preventDefault();
      } else if (event.key === "+" || event.key === "=") {
        zoom(1.25);
      } else if (event.key === "-") {
        zoom(0.8);
      } else if (event.key === "0") {
        fit();
      }
    });
  }

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

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "erd-source") {
      draw();
    }
    applyBadges();
  });

  document.addEventListener("change", function (event) {
    if (event.target.closest("#erd-controls")) {
      view.fitted = false; // a different set of tables: fit it again
    }
  });

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
    setUpViewport();
    var editor = editorElement();
    if (editor) {
      learn(editor.getAttribute("data-revision"));
      setInterval(poll, 2000);
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
