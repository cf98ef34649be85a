/*
 * The ERD: the one place that initialises Mermaid for the app.
 *
 * Load after static/vendor/mermaid/mermaid.min.js. Exposes window.ERD:
 *   ERD.CONFIG                  the Mermaid configuration (frozen)
 *   ERD.render(text, element)   -> Promise<svg string>; draws into element when given
 *   ERD.parse(text)             -> Promise; rejects with Mermaid's own error message
 *   ERD.entityNodes(root)       -> Map(entity id -> <g> node) in a rendered diagram
 *   ERD.entityIdOf(node)        -> the entity id of one node (or null)
 * Entity ids are the ones designer/generators/mermaid.py writes (entity_ids(schema)).
 */
(function () {
  "use strict";

  // Big enough for a 500-table / 600-foreign-key schema with its attributes (about
  // 1,500 characters a table); Mermaid's defaults are 50,000 characters / 500 edges.
  var MAX_TEXT_SIZE = 2000000;
  var MAX_EDGES = 5000;

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
  });

  // "{svg id}-entity-{entity id}-{position}", entity ids being [A-Za-z0-9_]+.
  var ENTITY_NODE_ID = /-entity-([A-Za-z0-9_]+)-\d+$/;
  var counter = 0;

  window.mermaid.initialize(CONFIG);

  function render(text, element) {
    if (text.length > MAX_TEXT_SIZE) {
      return Promise.reject(
        new Error("The diagram is too big to draw (" + text.length + " characters).")
      );
    }
    counter += 1;
    return window.mermaid.render("erd-" + counter, text).then(function (result) {
      if (element) {
        element.innerHTML = result.svg;
      }
      return result.svg;
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
    parse: parse,
    entityNodes: entityNodes,
    entityIdOf: entityIdOf,
  });
})();
