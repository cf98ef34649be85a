/*
 * The editor's diagram: drawn by window.ERD (erd.js) whenever #erd-source is refreshed
 * (on load, on `schemaChanged`, on `entitySelected`, when the diagram's controls
 * change); pan by dragging (never selecting text), zoom with the wheel or the buttons,
 * click an entity to open it; the view is kept across redraws; download as SVG or PNG.
 *
 * Also here, as the diagram is the editor's main working surface:
 * - the split between the entity panel and the diagram (#split-handle, a separator
 *   moved with the pointer or the arrow keys), remembered in this browser;
 * - full screen (the toolbar's button, or F in the diagram; Esc leaves): the diagram
 *   takes the window below the editor's bar and an entity clicked opens in a side sheet
 *   (#entity-panel itself) over the diagram's right side;
 * - the search box: Enter (or a suggestion picked) centres the diagram on the entity
 *   and opens it;
 * - per project in this browser: the focus checkbox, the detail level, the zoom and
 *   pan, and full screen (localStorage "designer.diagram.<slug>").
 */
(function () {
  "use strict";

  var view = { scale: 1, x: 0, y: 0, fitted: false };
  var drawing = Promise.resolve();
  var pendingSearch = null; // the name searched for, centred again after the next draw
  var SPLIT_KEY = "designer.split";
  var SPLIT = { min: 15, max: 80, initial: 60 }; // the entity panel's share, in percent
  var DRAG_THRESHOLD = 4; // pixels a press moves before it is a pan and not a click

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function editorElement() {
    return $(".editor[data-project]");
  }

  // -- remembered per project ---------------------------------------------------------

  function storageKey() {
    var editor = editorElement();
    return editor ? "designer.diagram." + editor.getAttribute("data-project") : null;
  }

  function readJson(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null; // storage refused (private mode) or a value not ours: nothing remembered
    }
  }

  function writeJson(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage full or refused: the diagram works, it just does not remember.
    }
  }

  function remembered() {
    var key = storageKey();
    var state = key ? readJson(key) : null;
    return state && typeof state === "object" ? state : {};
  }

  function remember(changes) {
    var key = storageKey();
    if (!key) {
      return;
    }
    var state = remembered();
    Object.keys(changes).forEach(function (name) { state[name] = changes[name]; });
    writeJson(key, state);
  }

  var saveViewTimer = null;
  function rememberView() {
    clearTimeout(saveViewTimer);
    saveViewTimer = setTimeout(function () {
      remember({ view: { scale: view.scale, x: view.x, y: view.y } });
    }, 150);
  }

  /* Before htmx asks for the diagram (this script runs before DOMContentLoaded): the
     controls as they were left in this project. */
  function restoreControls() {
    var state = remembered();
    var focus = $('#erd-controls input[name="focus"]');
    if (focus && typeof state.focus === "boolean") {
      focus.checked = state.focus;
    }
    var detail = $("#erd-detail");
    if (detail && state.detail && $('option[value="' + state.detail + '"]', detail)) {
      detail.value = state.detail;
    }
  }

  // -- drawing, pan and zoom ----------------------------------------------------------

  function applyView() {
    var canvas = $("#erd-canvas");
    if (canvas) {
      canvas.style.transform =
        "translate(" + view.x + "px, " + view.y + "px) scale(" + view.scale + ")";
    }
    rememberView();
  }

  /* The width of the diagram one sees: left of the side sheet when it is open. */
  function visibleWidth() {
    var viewport = $("#erd-viewport");
    var area = viewport.getBoundingClientRect();
    var panel = $("#entity-panel");
    if (!sheetOpen() || !panel) {
      return area.width;
    }
    var left = Math.min(panel.getBoundingClientRect().left, area.right) - area.left;
    return Math.max(left, area.width / 3);
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
    var across = visibleWidth();
    var scale = Math.min(across / width, viewport.clientHeight / height, 1.5) * 0.95;
    view.scale = Math.max(scale, 0.05);
    view.x = (across - width * view.scale) / 2;
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

  function openEntity(url, node) {
    if (fullscreen()) {
      openSheet();
      if (node) {
        revealBesideSheet(node);
      }
    }
    if (window.htmx) {
      // The request may be refused (unsaved text kept: unsaved.js asks first); the
      // address changes only when another entity did open.
      var before = currentEntityId();
      window.htmx.ajax("GET", url, { target: "#entity-panel", swap: "innerHTML" }).then(function () {
        if (currentEntityId() !== before) {
          history.pushState({}, "", url);
        }
      });
    } else {
      window.location.href = url;
    }
  }

  function firstView() {
    var saved = remembered().view;
    if (saved && isFinite(saved.scale) && saved.scale > 0 && isFinite(saved.x) && isFinite(saved.y)) {
      view.scale = Math.min(Math.max(saved.scale, 0.05), 6);
      view.x = saved.x;
      view.y = saved.y;
      applyView();
    } else {
      fit();
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
    fillSearch();
    drawing = drawing.then(function () {
      var started = performance.now();
      return window.ERD.render(text).then(function (svg) {
        canvas.innerHTML = svg;
        canvas.setAttribute("data-rendered", String(Date.now()));
        window.ERD.entityNodes(canvas).forEach(function (node, id) {
          if (links[id]) {
            node.setAttribute("tabindex", "0");
            node.setAttribute("role", "link");
            node.addEventListener("click", function () { openEntity(links[id], node); });
            node.addEventListener("keydown", function (event) {
              if (event.key === "Enter") { openEntity(links[id], node); }
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
          if (canvas.hasAttribute("data-first-drawn")) {
            fit();
          } else {
            firstView();
          }
        } else {
          applyView();
        }
        canvas.setAttribute("data-first-drawn", "1");
        if (pendingSearch !== null) {
          var wanted = pendingSearch;
          pendingSearch = null;
          showFound(wanted);
        }
      }).catch(function (error) {
        status.className = "small error";
        status.textContent = "The diagram could not be drawn: " + (error && error.message ? error.message : error);
      });
    });
  }

  // -- downloads ----------------------------------------------------------------------

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

  // -- full screen and the side sheet -------------------------------------------------

  function fullscreen() {
    var editor = editorElement();
    return !!editor && editor.classList.contains("erd-fullscreen");
  }

  /* Where the full-screen diagram starts (below the editor's bar, which keeps Undo and
     the live notices in sight) and where the side sheet starts (below the toolbar). */
  function measure() {
    var editor = editorElement();
    if (!editor) {
      return;
    }
    var bar = $(".editor-bar") || $("header.topbar");
    var top = bar ? Math.max(bar.getBoundingClientRect().bottom, 0) : 0;
    editor.style.setProperty("--erd-top", top + "px");
    var toolbar = $("#erd-controls");
    var below = toolbar && fullscreen() ? toolbar.getBoundingClientRect().bottom : top;
    editor.style.setProperty("--erd-sheet-top", Math.max(below, top) + "px");
  }

  function viewportSize() {
    var viewport = $("#erd-viewport");
    return viewport ? { width: viewport.clientWidth, height: viewport.clientHeight } : null;
  }

  function setFullscreen(on) {
    var editor = editorElement();
    if (!editor || on === fullscreen()) {
      return;
    }
    var before = viewportSize();
    if (on) {
      window.scrollTo(0, 0);
      var diagramTab = $("#tab-erd");
      if (diagramTab && diagramTab.getAttribute("aria-selected") !== "true") {
        diagramTab.click(); // editor.js shows the Diagram pane
      }
    } else {
      closeSheet(false);
    }
    editor.classList.toggle("erd-fullscreen", on);
    document.documentElement.classList.toggle("erd-fullscreen-page", on);
    var button = $("#erd-fullscreen");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Exit full screen" : "Full screen";
    }
    measure();
    var after = viewportSize();
    if (before && after && $("#erd-canvas svg")) {
      // The same middle of the diagram stays in the middle.
      view.x += (after.width - before.width) / 2;
      view.y += (after.height - before.height) / 2;
      applyView();
    }
    remember({ fullscreen: on });
  }

  function sheetOpen() {
    var editor = editorElement();
    return fullscreen() && editor.classList.contains("sheet-open");
  }

  /* An entity opened in the sheet stays in sight: moved left of the sheet if the sheet
     covers it. */
  function revealBesideSheet(node) {
    var area = $("#erd-viewport").getBoundingClientRect();
    var box = node.getBoundingClientRect();
    var right = area.left + visibleWidth() - 24;
    if (box.right <= right) {
      return;
    }
    view.x -= Math.min(box.right - right, box.left - area.left - 24);
    applyView();
  }

  function openSheet() {
    var editor = editorElement();
    if (editor && !editor.classList.contains("sheet-open")) {
      editor.classList.add("sheet-open");
      measure();
    }
  }

  function closeSheet(refocus) {
    var editor = editorElement();
    if (!editor || !editor.classList.contains("sheet-open")) {
      return;
    }
    var panel = $("#entity-panel");
    var hadFocus = panel && panel.contains(document.activeElement);
    editor.classList.remove("sheet-open");
    var active = document.activeElement;
    var lost = !active || active === document.body || active === $("#sheet-close");
    if (refocus !== false && (hadFocus || lost)) {
      $("#erd-viewport").focus();
    }
  }

  var menuOpenOnKey = false;

  function anyMenuOpen() {
    return document.querySelector("header details[open]") !== null;
  }

  /* Escape, once the page's own handlers had their say (an inline edit cancelled, a
     menu closed), takes off one layer: in the side sheet (or nowhere in particular, as
     after a save) it closes the sheet; in the diagram or its toolbar it leaves full
     screen. */
  function onEscape(event) {
    if (event.key !== "Escape" || event.defaultPrevented || !fullscreen() || menuOpenOnKey) {
      return;
    }
    var search = $("#erd-search");
    if (event.target === search && search.value) {
      return; // the search box's own Escape empties it
    }
    var panel = $("#entity-panel");
    var editor = editorElement();
    var target = event.target;
    var nowhere = target === document.body || target === document.documentElement;
    var inSheet = nowhere || (panel && panel.contains(target)) || target === $("#sheet-close");
    if (inSheet && editor.classList.contains("sheet-open")) {
      closeSheet(true);
    } else {
      setFullscreen(false);
    }
  }

  // -- search ------------------------------------------------------------------------

  function searchEntries() {
    var source = $("#erd-names");
    try {
      return source ? JSON.parse(source.textContent) : [];
    } catch (error) {
      return [];
    }
  }

  function fillSearch() {
    var list = $("#erd-search-names");
    if (!list) {
      return;
    }
    var names = searchEntries().map(function (entry) { return entry.name; });
    if (list.getAttribute("data-names") === names.join("\n")) {
      return;
    }
    list.setAttribute("data-names", names.join("\n"));
    list.replaceChildren.apply(list, names.map(function (name) {
      var option = document.createElement("option");
      option.value = name;
      return option;
    }));
  }

  /* The entity a typed text means: the name itself, else the first name starting with
     it, else the first containing it (case ignored). */
  function findEntry(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) {
      return null;
    }
    var entries = searchEntries();
    var tests = [
      function (name) { return name === wanted; },
      function (name) { return name.indexOf(wanted) === 0; },
      function (name) { return name.indexOf(wanted) !== -1; },
    ];
    for (var i = 0; i < tests.length; i += 1) {
      for (var j = 0; j < entries.length; j += 1) {
        if (tests[i](entries[j].name.toLowerCase())) {
          return entries[j];
        }
      }
    }
    return null;
  }

  function say(message, isError) {
    var status = $("#erd-status");
    if (status) {
      status.className = isError ? "small error" : "muted small";
      status.textContent = message;
    }
  }

  /* Pan (and zoom in, if the diagram is too small to read) so that the entity's box is
     in the middle of what is visible of the diagram -- left of the side sheet when it is
     open -- and make it stand out for a moment. */
  function centreOn(node) {
    var area = $("#erd-viewport").getBoundingClientRect();
    var across = visibleWidth();
    var box = node.getBoundingClientRect();
    var width = box.width / view.scale;
    var height = box.height / view.scale;
    var middleX = (box.left + box.width / 2 - area.left - view.x) / view.scale;
    var middleY = (box.top + box.height / 2 - area.top - view.y) / view.scale;
    var scale = Math.max(view.scale, 0.9);
    scale = Math.min(scale, (across * 0.8) / width, (area.height * 0.8) / height, 2);
    view.scale = Math.max(scale, 0.05);
    view.x = across / 2 - middleX * view.scale;
    view.y = area.height / 2 - middleY * view.scale;
    applyView();
    node.classList.remove("found");
    void node.getBoundingClientRect(); // restart the highlight's animation
    node.classList.add("found");
    setTimeout(function () { node.classList.remove("found"); }, 2500);
  }

  /* After a draw: the entity searched for, by name (the draw may have changed ids). */
  function showFound(name) {
    var entry = searchEntries().filter(function (item) { return item.name === name; })[0];
    var node = entry && entry.entity ? window.ERD.entityNodes($("#erd-canvas")).get(entry.entity) : null;
    if (node) {
      centreOn(node);
      say("Found " + name + ".", false);
    } else if (entry) {
      say(name + " is not in this diagram: it is open in the panel.", false);
    }
  }

  function search(text) {
    var entry = findEntry(text);
    if (!entry) {
      say(text.trim() ? "No entity matches “" + text.trim() + "”." : "", true);
      return;
    }
    $("#erd-search").value = entry.name;
    var node = entry.entity ? window.ERD.entityNodes($("#erd-canvas")).get(entry.entity) : null;
    if (fullscreen()) {
      openSheet(); // before centring: the sheet takes the right side
    }
    if (node) {
      centreOn(node);
    }
    pendingSearch = entry.name; // the panel's entitySelected redraws the diagram
    openEntity(entry.url);
  }

  function setUpSearch() {
    var input = $("#erd-search");
    if (!input || input.dataset.ready) {
      return;
    }
    input.dataset.ready = "1";
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        search(input.value);
      }
    });
    input.addEventListener("input", function (event) {
      // A suggestion picked from the list: go there at once.
      var entry = event.inputType === "insertReplacementText" && findEntry(input.value);
      if (entry && entry.name === input.value) {
        search(input.value);
      }
    });
    // Not a change of the diagram's controls: htmx must not redraw for it.
    input.addEventListener("change", function (event) { event.stopPropagation(); });
  }

  // -- the split between the entity panel and the diagram -----------------------------

  function clampSplit(value) {
    return Math.min(Math.max(Math.round(value), SPLIT.min), SPLIT.max);
  }

  function setSplit(percent, save) {
    var editor = editorElement();
    var handle = $("#split-handle");
    if (!editor || !handle) {
      return;
    }
    var value = clampSplit(percent);
    editor.style.setProperty("--panel-share", String(value / 100));
    editor.classList.add("has-split");
    handle.setAttribute("aria-valuenow", String(value));
    handle.setAttribute("aria-valuetext", "Entity panel " + value + "%, diagram " + (100 - value) + "%");
    if (save) {
      writeJson(SPLIT_KEY, value);
    }
  }

  function splitValue() {
    var handle = $("#split-handle");
    return handle ? Number(handle.getAttribute("aria-valuenow")) : SPLIT.initial;
  }

  function setUpSplit() {
    var handle = $("#split-handle");
    if (!handle || handle.dataset.ready) {
      return;
    }
    handle.dataset.ready = "1";
    var saved = readJson(SPLIT_KEY);
    setSplit(typeof saved === "number" && isFinite(saved) ? saved : SPLIT.initial, false);
    var dragging = false;

    function percentAt(clientX) {
      var panel = $("#entity-panel").getBoundingClientRect();
      var editor = editorElement().getBoundingClientRect();
      var shared = editor.right - panel.left - handle.offsetWidth;
      return ((clientX - panel.left) / Math.max(shared, 1)) * 100;
    }

    handle.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) {
        return;
      }
      event.preventDefault();
      dragging = true;
      handle.setPointerCapture(event.pointerId);
      handle.focus();
      document.documentElement.classList.add("resizing-split");
    });
    handle.addEventListener("pointermove", function (event) {
      if (dragging) {
        setSplit(percentAt(event.clientX), false);
      }
    });
    function stop() {
      if (dragging) {
        dragging = false;
        document.documentElement.classList.remove("resizing-split");
        setSplit(splitValue(), true);
      }
    }
    handle.addEventListener("pointerup", stop);
    handle.addEventListener("pointercancel", stop);
    handle.addEventListener("dblclick", function () { setSplit(SPLIT.initial, true); });
    handle.addEventListener("keydown", function (event) {
      var step = event.shiftKey ? 10 : 2;
      var moves = {
        ArrowLeft: -step, ArrowDown: -step, ArrowRight: step, ArrowUp: step,
        Home: SPLIT.min - splitValue(), End: SPLIT.max - splitValue(),
      };
      if (moves[event.key] !== undefined) {
        event.preventDefault();
        setSplit(splitValue() + moves[event.key], true);
      }
    });
  }

  // -- the viewport: pan, zoom, keys --------------------------------------------------

  function clearSelection() {
    var selection = window.getSelection && window.getSelection();
    if (selection && selection.rangeCount) {
      selection.removeAllRanges();
    }
  }

  function setUpViewport() {
    var viewport = $("#erd-viewport");
    if (!viewport || viewport.dataset.ready) {
      return;
    }
    viewport.dataset.ready = "1";
    var press = null;
    var swallowClick = false;
    viewport.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX, event.clientY);
    }, { passive: false });
    // Nothing in the diagram is text to select: a drag is always a pan.
    viewport.addEventListener("selectstart", function (event) { event.preventDefault(); });
    viewport.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) {
        return;
      }
      press = { id: event.pointerId, x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y, moved: false };
    });
    viewport.addEventListener("pointermove", function (event) {
      if (!press || event.pointerId !== press.id) {
        return;
      }
      var dx = event.clientX - press.x;
      var dy = event.clientY - press.y;
      if (!press.moved && Math.abs(dx) + Math.abs(dy) < DRAG_THRESHOLD) {
        return;
      }
      if (!press.moved) {
        // A pan, not a click: the pointer stays with the diagram until released.
        press.moved = true;
        viewport.setPointerCapture(event.pointerId);
        viewport.classList.add("dragging");
        document.documentElement.classList.add("panning-diagram");
        clearSelection();
      }
      view.x = press.viewX + dx;
      view.y = press.viewY + dy;
      applyView();
    });
    function release(event) {
      if (!press || event.pointerId !== press.id) {
        return;
      }
      if (press.moved) {
        swallowClick = true; // the click that ends a pan opens nothing
        setTimeout(function () { swallowClick = false; }, 0);
        clearSelection();
      }
      press = null;
      viewport.classList.remove("dragging");
      document.documentElement.classList.remove("panning-diagram");
    }
    viewport.addEventListener("pointerup", release);
    viewport.addEventListener("pointercancel", release);
    viewport.addEventListener("click", function (event) {
      if (swallowClick) {
        event.stopPropagation();
        event.preventDefault();
        swallowClick = false;
      }
    }, true);
    viewport.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
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
      } else if (event.key === "f" || event.key === "F") {
        event.preventDefault();
        setFullscreen(!fullscreen());
      }
    });
  }

  // -- wiring -------------------------------------------------------------------------

  function erdCommand(command) {
    if (command === "zoom-in") { zoom(1.25); }
    if (command === "zoom-out") { zoom(0.8); }
    if (command === "reset") { fit(); }
    if (command === "svg") {
      var text = svgText();
      if (text) { download("erd.svg", new Blob([text], { type: "image/svg+xml" })); }
    }
    if (command === "png") { downloadPng(); }
    if (command === "fullscreen") { setFullscreen(!fullscreen()); }
    if (command === "close-sheet") { closeSheet(true); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-erd]");
    if (button) {
      erdCommand(button.getAttribute("data-erd"));
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "erd-source") {
      draw();
    }
  });

  document.addEventListener("change", function (event) {
    if (!event.target.closest("#erd-controls")) {
      return;
    }
    view.fitted = false; // a different set of tables or boxes: fit it again
    if (event.target.name === "focus") {
      remember({ focus: event.target.checked });
    } else if (event.target.name === "detail") {
      remember({ detail: event.target.value });
    }
  });

  // After the page's own Escape handlers (document listeners): see onEscape. Whether a
  // header menu was open is noted before them (pages.js closes it on the same key).
  window.addEventListener("keydown", function () {
    menuOpenOnKey = anyMenuOpen();
  }, true);
  window.addEventListener("keydown", onEscape);

  window.addEventListener("resize", function () {
    if (fullscreen()) {
      measure();
    }
  });

  restoreControls();

  function ready() {
    setUpViewport();
    setUpSplit();
    setUpSearch();
    if (remembered().fullscreen) {
      setFullscreen(true);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
