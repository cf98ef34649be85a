/*
 * The editor's diagram: drawn by window.ERD (erd.js) whenever #erd-source is refreshed
 * (on load, on `schemaChanged`, on `entitySelected`, when the diagram's controls
 * change); pan with the mouse, zoom with the wheel or the buttons, click an entity to
 * open it; the view is kept across redraws; download as SVG or PNG.
 */
(function () {
  "use strict";

  var view = { scale: 1, x: 0, y: 0, fitted: false };
  var drawing = Promise.resolve();

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }


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
    if (event.target.closest("#erd-controls")) {
      view.fitted = false; // a different set of tables: fit it again
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpViewport);
  } else {
    setUpViewport();
  }
})();
