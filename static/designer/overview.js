/*
 * The overview: a fast drawing of an ERD — entity boxes (a name, or a header over rows of
 * columns: type, name, keys, description) and their relationship lines — without
 * Mermaid.
 *
 * Why: Mermaid measures every label of every column with a forced style and layout
 * pass, and spends the rest on its own overhead (a deep copy of its configuration on
 * every call, dagre's crossing minimisation, drawing each edge): about 650 ms for a
 * 9-table focus with its columns, 8 s for 500 tables at names only. Boxes measured with
 * a canvas and laid out in layers need none of that.
 *
 * Load before static/designer/erd.js, which uses it for all but small texts (ERD.render).
 * Exposes window.ERDOverview:
 *   ERDOverview.parse(text)      -> {entities (with their columns), relationships} or null
 *                                   when the text is not exactly what
 *                                   designer/generators/mermaid.py writes (then Mermaid
 *                                   draws it)
 *   ERDOverview.draw(model, id, fontFamily) -> an <svg> element (not in the document)
 * The drawing keeps Mermaid's contract for entities: <g class="node" id="{id}-entity-
 * {entity id}-{position}"> holding a <rect> and a <text>; relationships are <path
 * class="relationshipLine"> with crow's-foot markers, below the boxes; colours are
 * Mermaid's neutral theme. Names are user text: set as textContent, never as markup.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var FONT_SIZE = 16;
  var BOX = { minWidth: 100, height: 44, padding: 16 };
  // A box with columns: its name in a header row, then one row per column (type, name,
  // keys, description), as Mermaid draws an entity.
  var ROW = { fontSize: 12, height: 22, padding: 8, header: 30 };
  var GAP = { x: 36, y: 64, component: 72, margin: 16 };
  // Wide layers wrap into rows so that a component is about this much wider than high.
  var ASPECT = 2.5;
  var COLOURS = { fill: "#eee", stroke: "#999", line: "#666", text: "#000" };

  // -- the text ----------------------------------------------------------------------

  var HEADER = /^erDiagram[ \t]*$/;
  var COMMENT = /^[ \t]*%%/;
  var BLANK = /^[ \t]*$/;
  // "    users" or "    sales_orders["sales.orders"]"
  var ENTITY = /^[ \t]+([A-Za-z0-9_]+)(?:\["([^"]*)"\])?[ \t]*$/;
  // "    users ||..o{ todos : "user_id"": referenced, cardinalities, line, referencing.
  var RELATIONSHIP =
    /^[ \t]+([A-Za-z0-9_]+)[ \t]+([|}][|o])(--|\.\.)([|o][|{])[ \t]+([A-Za-z0-9_]+)[ \t]*:[ \t]*"([^"]*)"[ \t]*$/;
  var ENTITY_CODE = /#(\d+);/g;
  // "    users {" or "    sales_orders["sales.orders"] {": an entity with its columns.
  var BLOCK_START = /^[ \t]+([A-Za-z0-9_]+)(?:\["([^"]*)"\])?[ \t]+\{[ \t]*$/;
  var BLOCK_END = /^[ \t]+\}[ \t]*$/;
  // "        varchar(255) email UK "Sign-in address."": type, name (bare or in
  // backticks), keys ("PK", "PK, FK"), the description.
  var WORD = "(`[^`]*`|[^\\s`\"]+)";
  var ATTRIBUTE = new RegExp(
    "^[ \\t]+" + WORD + "[ \\t]+" + WORD +
    "(?:[ \\t]+([A-Z]{2}(?:,[ \\t]*[A-Z]{2})*))?(?:[ \\t]+\"([^\"]*)\")?[ \\t]*$"
  );

  /* Mermaid's entity codes ("#34;") back into the characters they stand for, as Mermaid
     does when it draws. */
  function decode(text) {
    return text.replace(ENTITY_CODE, function (whole, code) {
      var number = Number(code);
      return number > 0 && number <= 0x10ffff ? String.fromCodePoint(number) : whole;
    });
  }

  function word(text) {
    return decode(text.charAt(0) === "`" ? text.slice(1, -1) : text);
  }

  /* The text as entities (with their columns, if the text has them) and relationships,
     or null for anything designer/generators/mermaid.py does not write that way (front
     matter, classDef, styles, entities only named in a relationship...). */
  function parse(text) {
    var lines = text.split(/\r?\n/);
    var entities = [];
    var byId = Object.create(null); // entity ids such as "constructor" are plain names
    var relationships = [];
    var headerSeen = false;
    for (var i = 0; i < lines.length; i += 1) {
      var line = lines[i];
      if (BLANK.test(line) || COMMENT.test(line)) {
        continue;
      }
      if (!headerSeen) {
        if (!HEADER.test(line)) {
          return null;
        }
        headerSeen = true;
        continue;
      }
      var match = RELATIONSHIP.exec(line);
      if (match) {
        relationships.push({
          to: match[1], toEnd: match[2], identifying: match[3] === "--",
          fromEnd: match[4], from: match[5], label: decode(match[6]),
        });
        continue;
      }
      var block = BLOCK_START.exec(line);
      match = block || ENTITY.exec(line);
      if (!match || byId[match[1]] !== undefined || relationships.length) {
        return null; // relationships come after all the entities
      }
      var entity = { id: match[1], label: match[2] === undefined ? match[1] : decode(match[2]), columns: [] };
      byId[match[1]] = entities.length;
      entities.push(entity);
      if (block) {
        for (i += 1; i < lines.length && !BLOCK_END.test(lines[i]); i += 1) {
          var column = ATTRIBUTE.exec(lines[i]);
          if (!column) {
            return null;
          }
          entity.columns.push({
            type: word(column[1]), name: word(column[2]),
            keys: column[3] ? column[3].replace(/,[ \t]*/g, ", ") : "",
            description: column[4] === undefined ? "" : decode(column[4]),
          });
        }
        if (i >= lines.length) {
          return null;
        }
      }
    }
    for (var j = 0; j < relationships.length; j += 1) {
      if (byId[relationships[j].from] === undefined || byId[relationships[j].to] === undefined) {
        return null;
      }
    }
    return headerSeen ? { entities: entities, relationships: relationships, index: byId } : null;
  }

  // -- sizes -------------------------------------------------------------------------

  var measureContext = null;
  var widths = new Map();

  function textWidth(text, font) {
    var key = font + "\n" + text;
    var width = widths.get(key);
    if (width === undefined) {
      if (!measureContext) {
        measureContext = document.createElement("canvas").getContext("2d");
      }
      measureContext.font = font;
      width = measureContext.measureText(text).width;
      widths.set(key, width);
    }
    return width;
  }

  // -- the layout --------------------------------------------------------------------

  /* Neighbours of each entity (by position), relationships to itself left out. */
  function neighbours(model) {
    var near = model.entities.map(function () { return []; });
    model.relationships.forEach(function (rel) {
      var a = model.index[rel.from];
      var b = model.index[rel.to];
      if (a !== b) {
        near[a].push(b);
        near[b].push(a);
      }
    });
    return near;
  }

  /* The connected components, each as a list of layers (breadth first from its most
     connected entity), biggest component first. */
  function components(near) {
    var seen = new Array(near.length).fill(false);
    var order = near.map(function (_, n) { return n; });
    order.sort(function (a, b) { return near[b].length - near[a].length || a - b; });
    var found = [];
    order.forEach(function (start) {
      if (seen[start]) {
        return;
      }
      seen[start] = true;
      var layers = [];
      var frontier = [start];
      var count = 0;
      while (frontier.length) {
        layers.push(frontier);
        count += frontier.length;
        var following = [];
        frontier.forEach(function (n) {
          near[n].forEach(function (m) {
            if (!seen[m]) {
              seen[m] = true;
              following.push(m);
            }
          });
        });
        frontier = following;
      }
      found.push({ layers: layers, count: count, first: start });
    });
    found.sort(function (a, b) { return b.count - a.count || a.first - b.first; });
    return found;
  }

  /* Orders each layer by the mean position of its entities' neighbours in the layer
     before (sweeping down) and after (sweeping up): fewer crossing lines. */
  function orderLayers(layers, near) {
    var place = new Map();
    function number(layer) {
      layer.forEach(function (n, position) { place.set(n, position); });
    }
    function sweep(from, to) {
      var step = to > from ? 1 : -1;
      for (var i = from + step; i !== to + step; i += step) {
        var fixed = new Set(layers[i - step]);
        var keys = new Map();
        layers[i].forEach(function (n, position) {
          var total = 0;
          var count = 0;
          near[n].forEach(function (m) {
            if (fixed.has(m)) {
              total += place.get(m);
              count += 1;
            }
          });
          keys.set(n, count ? total / count : position);
        });
        layers[i].sort(function (a, b) { return keys.get(a) - keys.get(b) || place.get(a) - place.get(b); });
        number(layers[i]);
      }
    }
    layers.forEach(number);
    if (layers.length > 1) {
      sweep(0, layers.length - 1);
      sweep(layers.length - 1, 0);
      sweep(0, layers.length - 1);
    }
  }

  /* Positions (top left, relative to the component) of one component's boxes: its
     layers as rows, top to bottom, a row wrapped where it would be too wide. */
  function placeComponent(component, sizes) {
    var area = 0;
    var widest = 0;
    component.layers.forEach(function (layer) {
      layer.forEach(function (n) {
        area += (sizes[n].width + GAP.x) * (sizes[n].height + GAP.y);
        widest = Math.max(widest, sizes[n].width);
      });
    });
    var limit = Math.max(widest, Math.sqrt(area * ASPECT));
    var rows = [];
    component.layers.forEach(function (layer) {
      var row = { items: [], width: 0, height: 0 };
      layer.forEach(function (n) {
        var width = sizes[n].width;
        if (row.items.length && row.width + GAP.x + width > limit) {
          rows.push(row);
          row = { items: [], width: 0, height: 0 };
        }
        row.width += (row.items.length ? GAP.x : 0) + width;
        row.height = Math.max(row.height, sizes[n].height);
        row.items.push(n);
      });
      rows.push(row);
    });
    var width = Math.max.apply(null, rows.map(function (row) { return row.width; }));
    var places = [];
    var top = 0;
    rows.forEach(function (row) {
      var x = (width - row.width) / 2;
      row.items.forEach(function (n) {
        places.push({ n: n, x: x, y: top });
        x += sizes[n].width + GAP.x;
      });
      top += row.height + GAP.y;
    });
    return { places: places, width: width, height: top - GAP.y };
  }

  /* Every box's top left: the components packed in rows (shelves), biggest first; single
     tables, being the smallest, end up in a grid at the bottom. */
  function layout(model, sizes) {
    var near = neighbours(model);
    var placed = components(near).map(function (component) {
      orderLayers(component.layers, near);
      return placeComponent(component, sizes);
    });
    var total = 0;
    var widest = 0;
    placed.forEach(function (part) {
      total += (part.width + GAP.component) * (part.height + GAP.component);
      widest = Math.max(widest, part.width);
    });
    var limit = Math.max(widest, Math.sqrt(total * ASPECT));
    var positions = new Array(model.entities.length);
    var x = 0;
    var y = 0;
    var shelf = 0;
    var right = 0;
    placed.forEach(function (part) {
      if (x > 0 && x + part.width > limit) {
        x = 0;
        y += shelf + GAP.component;
        shelf = 0;
      }
      part.places.forEach(function (spot) {
        positions[spot.n] = { x: GAP.margin + x + spot.x, y: GAP.margin + y + spot.y };
      });
      x += part.width + GAP.component;
      right = Math.max(right, x - GAP.component);
      shelf = Math.max(shelf, part.height);
    });
    return {
      positions: positions,
      width: Math.ceil(right + 2 * GAP.margin),
      height: Math.ceil(y + shelf + 2 * GAP.margin),
    };
  }

  // -- the drawing -------------------------------------------------------------------

  function element(name, attributes, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  // Mermaid's ER markers, drawn pointing right with their tip at the line's end
  // ("auto-start-reverse" turns them round at the start).
  var MARKERS = {
    one: { width: 18, height: 18, refY: 9, shapes: [["path", { d: "M3,0 L3,18 M9,0 L9,18" }]] },
    zeroOrOne: {
      width: 30, height: 18, refY: 9,
      shapes: [["circle", { cx: 9, cy: 9, r: 6 }], ["path", { d: "M21,0 L21,18" }]],
    },
    oneOrMore: {
      width: 27, height: 18, refY: 9,
      shapes: [["path", { d: "M3,0 L3,18 M9,9 L27,0 M9,9 L27,18 M9,9 L27,9" }]],
    },
    zeroOrMore: {
      width: 33, height: 18, refY: 9,
      shapes: [["circle", { cx: 9, cy: 9, r: 6 }], ["path", { d: "M15,9 L33,0 M15,9 L33,18" }]],
    },
  };
  var CARDINALITY = {
    "||": "one", "|o": "zeroOrOne", "o|": "zeroOrOne",
    "}o": "zeroOrMore", "o{": "zeroOrMore", "}|": "oneOrMore", "|{": "oneOrMore",
  };

  function defineMarkers(svg, id) {
    var defs = element("defs", {}, svg);
    Object.keys(MARKERS).forEach(function (name) {
      var shape = MARKERS[name];
      var marker = element("marker", {
        id: id + "_overview-" + name, class: "marker " + name + " er",
        markerWidth: shape.width, markerHeight: shape.height, refX: shape.width, refY: shape.refY,
        orient: "auto-start-reverse", markerUnits: "userSpaceOnUse", overflow: "visible",
      }, defs);
      shape.shapes.forEach(function (part) {
        var attributes = { fill: part[0] === "circle" ? COLOURS.fill : "none", stroke: COLOURS.line };
        Object.keys(part[1]).forEach(function (key) { attributes[key] = part[1][key]; });
        element(part[0], attributes, marker);
      });
    });
  }

  /* Where the line from a box's centre towards (dx, dy) leaves the box. */
  function border(box, dx, dy) {
    var cx = box.x + box.width / 2;
    var cy = box.y + box.height / 2;
    var sx = dx ? (box.width / 2) / Math.abs(dx) : Infinity;
    var sy = dy ? (box.height / 2) / Math.abs(dy) : Infinity;
    var s = Math.min(sx, sy);
    return { x: cx + dx * s, y: cy + dy * s };
  }

  function round(value) {
    return Math.round(value * 10) / 10;
  }

  /* The path of one relationship: a straight line between the boxes' borders, moved
     sideways by ``offset`` when several join the same two boxes; a loop on the right for
     a relationship to itself. */
  function edgePath(a, b, offset) {
    if (a === b) {
      var right = a.x + a.width;
      var top = a.y + a.height / 2 - 10 - offset;
      var bottom = a.y + a.height / 2 + 10 + offset;
      var out = right + 40 + offset;
      return "M" + round(right) + "," + round(top) + " C" + round(out) + "," + round(top - 24) +
        " " + round(out) + "," + round(bottom + 24) + " " + round(right) + "," + round(bottom);
    }
    var dx = b.x + b.width / 2 - (a.x + a.width / 2);
    var dy = b.y + b.height / 2 - (a.y + a.height / 2);
    var apart = Math.max(a.x, b.x) - Math.min(a.x + a.width, b.x + b.width);
    if (Math.abs(dy) < 1 && apart > GAP.x + 1) {
      // Same row, boxes between them: an arc through the gap above the row, not a line
      // behind the boxes (which would seem to join them).
      var ax = a.x + a.width / 2 + (dx > 0 ? 8 : -8);
      var bx = b.x + b.width / 2 - (dx > 0 ? 8 : -8);
      var peak = a.y - GAP.y * 0.7 - offset;
      return "M" + round(ax) + "," + round(a.y) + " Q" + round((ax + bx) / 2) + "," + round(peak) +
        " " + round(bx) + "," + round(a.y);
    }
    var length = Math.sqrt(dx * dx + dy * dy) || 1;
    var nx = (-dy / length) * offset;
    var ny = (dx / length) * offset;
    var start = border({ x: a.x + nx, y: a.y + ny, width: a.width, height: a.height }, dx, dy);
    var end = border({ x: b.x + nx, y: b.y + ny, width: b.width, height: b.height }, -dx, -dy);
    return "M" + round(start.x) + "," + round(start.y) + " L" + round(end.x) + "," + round(end.y);
  }

  function drawEdges(svg, model, boxes, id) {
    var group = element("g", { class: "edgePaths" }, svg);
    var pairs = new Map();
    model.relationships.forEach(function (rel) {
      var a = model.index[rel.to];
      var b = model.index[rel.from];
      var key = Math.min(a, b) + " " + Math.max(a, b);
      var count = pairs.get(key) || 0;
      pairs.set(key, count + 1);
      // 0, 10, -10, 20, -20... apart; loops grow outwards.
      var offset = a === b ? count * 10 : (count % 2 ? 1 : -1) * Math.ceil(count / 2) * 10;
      var path = element("path", {
        d: edgePath(boxes[a], boxes[b], offset),
        class: "relationshipLine " + (rel.identifying ? "edge-pattern-solid" : "edge-pattern-dashed"),
        fill: "none", stroke: COLOURS.line, "stroke-width": 1,
        "marker-start": "url(#" + id + "_overview-" + CARDINALITY[rel.toEnd] + ")",
        "marker-end": "url(#" + id + "_overview-" + CARDINALITY[rel.fromEnd] + ")",
        "data-from": rel.from, "data-to": rel.to,
      }, group);
      if (!rel.identifying) {
        path.setAttribute("stroke-dasharray", "8,8");
      }
      var title = element("title", {}, path);
      title.textContent = rel.label;
    });
  }

  /* The header and the rows of an entity with columns (``box.cells``: the x of each
     of its four cells and their widths, from ``sizeOf``). */
  function drawColumns(node, entity, box) {
    element("rect", {
      class: "basic label-container", width: round(box.width), height: box.height,
      fill: "#fff", stroke: COLOURS.stroke, "stroke-width": 1,
    }, node);
    element("rect", {
      class: "entity-header", width: round(box.width), height: ROW.header,
      fill: COLOURS.fill, stroke: COLOURS.stroke, "stroke-width": 1,
    }, node);
    var title = element("text", {
      x: round(box.width / 2), y: ROW.header / 2, "text-anchor": "middle",
      "dominant-baseline": "central", fill: COLOURS.text, "font-size": ROW.fontSize + 1,
    }, node);
    title.textContent = entity.label;
    entity.columns.forEach(function (column, r) {
      var y = ROW.header + r * ROW.height;
      if (r % 2) {
        element("rect", { y: y, width: round(box.width), height: ROW.height, fill: "#f6f6f6" }, node);
      }
      [column.type, column.name, column.keys, column.description].forEach(function (value, c) {
        if (!value) {
          return;
        }
        var cell = element("text", {
          x: round(box.cells[c] + ROW.padding), y: y + ROW.height / 2,
          "dominant-baseline": "central", fill: COLOURS.text, "font-size": ROW.fontSize,
        }, node);
        cell.textContent = value;
      });
    });
    box.cells.slice(1).forEach(function (x) {
      element("path", {
        d: "M" + round(x) + "," + ROW.header + " L" + round(x) + "," + box.height,
        stroke: "#ddd", "stroke-width": 1,
      }, node);
    });
    element("rect", {
      width: round(box.width), height: box.height, fill: "none", stroke: COLOURS.stroke, "stroke-width": 1,
    }, node);
  }

  function drawEntities(svg, model, boxes, id) {
    var group = element("g", { class: "nodes" }, svg);
    model.entities.forEach(function (entity, n) {
      var box = boxes[n];
      var node = element("g", {
        class: "node default", id: id + "-entity-" + entity.id + "-" + n,
        transform: "translate(" + round(box.x) + ", " + round(box.y) + ")",
      }, group);
      if (entity.columns.length) {
        drawColumns(node, entity, box);
        return;
      }
      element("rect", {
        class: "basic label-container", width: round(box.width), height: box.height,
        fill: COLOURS.fill, stroke: COLOURS.stroke, "stroke-width": 1,
      }, node);
      var text = element("text", {
        x: round(box.width / 2), y: box.height / 2, "text-anchor": "middle",
        "dominant-baseline": "central", fill: COLOURS.text,
      }, node);
      text.textContent = entity.label;
    });
  }

  /* A box's size: a name alone, or a header over rows of four cells (type, name, keys,
     description), each cell as wide as its widest text. */
  function sizeOf(entity, font, small) {
    if (!entity.columns.length) {
      var alone = Math.ceil(textWidth(entity.label, font)) + 2 * BOX.padding;
      return { width: Math.max(BOX.minWidth, alone), height: BOX.height };
    }
    var widths = [0, 0, 0, 0];
    entity.columns.forEach(function (column) {
      [column.type, column.name, column.keys, column.description].forEach(function (value, c) {
        if (value) {
          widths[c] = Math.max(widths[c], Math.ceil(textWidth(value, small)) + 2 * ROW.padding);
        }
      });
    });
    var cells = [];
    var x = 0;
    widths.forEach(function (width) {
      cells.push(x);
      x += width;
    });
    var title = Math.ceil(textWidth(entity.label, small)) + 2 * BOX.padding;
    return {
      width: Math.max(BOX.minWidth, x, title),
      height: ROW.header + entity.columns.length * ROW.height,
      cells: cells,
    };
  }

  /* The overview of ``model`` (from parse) as an <svg>, its elements' ids starting with
     ``id``; text in ``fontFamily``. */
  function draw(model, id, fontFamily) {
    var font = FONT_SIZE + "px " + fontFamily;
    var small = ROW.fontSize + "px " + fontFamily;
    var sizes = model.entities.map(function (entity) {
      return sizeOf(entity, font, small);
    });
    var placed = layout(model, sizes);
    var boxes = placed.positions.map(function (spot, n) {
      return { x: spot.x, y: spot.y, width: sizes[n].width, height: sizes[n].height, cells: sizes[n].cells };
    });
    // Loops stick out on the right of their box.
    var width = placed.width + (model.relationships.some(function (rel) { return rel.to === rel.from; }) ? 48 : 0);
    var svg = element("svg", {
      id: id, xmlns: SVG_NS, class: "erDiagram overview", width: width, height: placed.height,
      viewBox: "0 0 " + width + " " + placed.height, role: "graphics-document document",
      "aria-roledescription": "er", "font-family": fontFamily, "font-size": FONT_SIZE,
    });
    defineMarkers(svg, id);
    drawEdges(svg, model, boxes, id);
    drawEntities(svg, model, boxes, id);
    return svg;
  }

  window.ERDOverview = Object.freeze({ parse: parse, draw: draw });
})();
