/*
 * The ERD: the one place that initialises Mermaid for the app.
 *
 * Load after static/vendor/mermaid/mermaid.min.js. Exposes window.ERD:
 *   ERD.CONFIG                  the Mermaid configuration (frozen)
 *   ERD.render(text, element)   -> Promise<svg string>; draws into element when given
 *                                  (the layout used is the svg's and the element's
 *                                  data-layout attribute)
 *   ERD.layoutFor(text)         -> the layout render will use: "overview" (a text
 *                                  heavier than OVERVIEW_MIN_WEIGHT, drawn by
 *                                  static/designer/overview.js without Mermaid), "dagre", "elk" (an entity with several
 *                                  relationships to itself) or "given" (the text's own
 *                                  front matter chooses)
 *   ERD.parse(text)             -> Promise; rejects with Mermaid's own error message
 *   ERD.entityNodes(root)       -> Map(entity id -> <g> node) in a rendered diagram
 *   ERD.entityIdOf(node)        -> the entity id of one node (or null)
 * Entity ids are the ones designer/generators/mermaid.py writes (entity_ids(schema)).
 * Load static/designer/overview.js before this file for the overview; without it every
 * text is drawn by Mermaid.
 */
(function () {
  "use strict";

  // Big enough for a 500-table / 600-foreign-key schema with its attributes (about
  // 1,500 characters a table); Mermaid's defaults are 50,000 characters / 500 edges.
  var MAX_TEXT_SIZE = 2000000;
  var MAX_EDGES = 5000;

  // The layout engine. Mermaid 12 bundles two, dagre and ELK, and lays out with ELK
  // unless told otherwise. benchmarks/diagram.py measured both on 25, 100 and 500
  // synthetic tables, at all columns and at names only: no overlapping entity boxes with
  // either; ELK's drawings 15-25 % narrower; at names only dagre 30-50 % faster at
  // every size; with all columns the two within about 12 % of each other (either way)
  // up to 100 tables, dagre twice as fast at 500 (33 s against 69 s). Drawing time is
  // what users wait for, so dagre is the layout, at every size -- except that Mermaid
  // 12.3's dagre draws only one of an entity's relationships to itself (a table with
  // manager_id and mentor_id both referencing it loses a line): such a diagram is laid
  // out with ELK, which draws them all.
  var LAYOUT = "dagre";
  var LAYOUT_FOR_SELF_LOOPS = "elk";
  // A text's own front matter ("---\nconfig: ...\n---") may choose another layout.
  var FRONT_MATTER = /^\s*---[ \t]*\r?\n/;
  // The overview (overview.js) draws a text whose weight — its column rows plus two per
  // entity — is above this. benchmarks/diagram.py: Mermaid measures every label of every
  // column with a forced layout (about 5 ms a row): a 9-table focus with all columns took
  // 650 ms, 30 tables 1.4 s, and at names only the 500 tables 8 s; the overview draws
  // any of them in a few to 100 ms, without overlapping boxes, and packs unconnected
  // tables in a grid where Mermaid puts them in one long row. Mermaid keeps the small
  // ones (the demo: 2 tables, 14 columns, about 200 ms): its layout of a few entities is
  // tidier and its lines carry their labels (the overview shows them as a tooltip).
  var OVERVIEW_MIN_WEIGHT = 24;

  // A relationship line as designer/generators/mermaid.py writes it:
  // "{entity} {cardinality} {entity} : {label}".
  var RELATIONSHIP = /^[ \t]*([A-Za-z0-9_]+)[ \t]+[|}][|o](?:--|\.\.)[|o][|{][ \t]+([A-Za-z0-9_]+)[ \t]*:/gm;

  var CONFIG = Object.freeze({
    startOnLoad: false,
    // Diagram text cannot run scripts or change these settings (secure keys).
    securityLevel: "strict",
    maxTextSize: MAX_TEXT_SIZE,
    maxEdges: MAX_EDGES,
    theme: "neutral",
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    // Errors are reported to the caller, not drawn as a "syntax error" picture.
    suppressErrorRendering: true,
    er: { useMaxWidth: false },
    layout: LAYOUT,
  });

  // "{svg id}-entity-{entity id}-{position}", entity ids being [A-Za-z0-9_]+.
  var ENTITY_NODE_ID = /-entity-([A-Za-z0-9_]+)-\d+$/;
  var counter = 0;

  window.mermaid.initialize(CONFIG);

  // Whether some entity has more than one relationship to itself.
  function hasSelfLoops(text) {
    var seen = {};
    var match;
    RELATIONSHIP.lastIndex = 0;
    while ((match = RELATIONSHIP.exec(text)) !== null) {
      if (match[1] === match[2]) {
        if (seen[match[1]]) {
          return true;
        }
        seen[match[1]] = true;
      }
    }
    return false;
  }

  // The names-only model of ``text`` when the overview draws it, else null.
  function overviewModel(text) {
    if (!window.ERDOverview || FRONT_MATTER.test(text)) {
      return null;
    }
    var model = window.ERDOverview.parse(text);
    if (!model) {
      return null;
    }
    var weight = model.entities.reduce(function (sum, entity) {
      return sum + 2 + entity.columns.length;
    }, 0);
    return weight > OVERVIEW_MIN_WEIGHT ? model : null;
  }

  // The layout Mermaid draws ``text`` with (see LAYOUT).
  function mermaidLayout(text) {
    if (FRONT_MATTER.test(text)) {
      return "given";
    }
    return hasSelfLoops(text) ? LAYOUT_FOR_SELF_LOOPS : LAYOUT;
  }

  // The layout render uses for ``text`` (see LAYOUT and OVERVIEW_MIN_WEIGHT).
  function layoutFor(text) {
    return overviewModel(text) ? "overview" : mermaidLayout(text);
  }

  // Draws ``model`` with the overview: the same contract as Mermaid's drawing.
  function renderOverview(model, id, element) {
    var drawing = window.ERDOverview.draw(model, id, CONFIG.fontFamily);
    drawing.setAttribute("data-layout", "overview");
    var svg = new XMLSerializer().serializeToString(drawing);
    if (element) {
      element.replaceChildren(drawing);
      element.setAttribute("data-layout", "overview");
    }
    return svg;
  }

  // The layout goes in the text's own front matter, not in mermaid.initialize: renders
  // queue inside Mermaid, and a global setting would change the ones already waiting.
  function withLayout(text, layout) {
    if (layout === "given" || layout === LAYOUT) {
      return text; // CONFIG.layout
    }
    return "---\nconfig:\n  layout: " + layout + "\n---\n" + text;
  }

  function render(text, element) {
    if (text.length > MAX_TEXT_SIZE) {
      return Promise.reject(
        new Error("The diagram is too big to draw (" + text.length + " characters).")
      );
    }
    counter += 1;
    var model = overviewModel(text);
    if (model) {
      var id = "erd-" + counter;
      return new Promise(function (resolve) { resolve(renderOverview(model, id, element)); });
    }
    var layout = mermaidLayout(text);
    return window.mermaid.render("erd-" + counter, withLayout(text, layout)).then(function (result) {
      // Tests, benchmarks and downloads can read which layout drew it.
      var svg = result.svg.replace(/^<svg /, '<svg data-layout="' + layout + '" ');
      if (element) {
        element.innerHTML = svg;
        element.setAttribute("data-layout", layout);
      }
      return svg;
    });
  }

  function parse(text) {
    return window.mermaid.parse(text);
  }

  function entityIdOf(node) {
    var match = ENTITY_NODE_ID.exec(node.id || "");
    return match ? match[1] : null;
  }

  function entityNodes(root) {
    var nodes = new Map();
    root.querySelectorAll("g.node[id]").forEach(function (node) {
      var entity = entityIdOf(node);
      if (entity !== null) {
        nodes.set(entity, node);
      }
    });
    return nodes;
  }

  window.ERD = Object.freeze({
    CONFIG: CONFIG,
    render: render,
    layoutFor: layoutFor,
    parse: parse,
    entityNodes: entityNodes,
    entityIdOf: entityIdOf,
  });
})();
