/*
 * Behaviour shared by the pages, kept out of the HTML so that the Content-Security-Policy
 * can forbid inline script (config/settings.py):
 * - a form with data-busy-text shows that it is working once submitted, and cannot be
 *   submitted twice;
 * - a form with data-inert is never submitted (toolbars of controls read by htmx);
 * - a button with data-print prints the page;
 * - the schema document draws each of its diagrams (.doc-diagram) with Mermaid.
 */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-inert")) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute("data-busy-text") && !event.defaultPrevented) {
      form.classList.add("busy");
      var text = form.querySelector(".busy-text");
      if (text) text.textContent = form.dataset.busyText;
      var button = form.querySelector("button[type=submit]");
      if (button) window.setTimeout(function () { button.disabled = true; }, 0);
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.ERD) return;
    document.querySelectorAll(".doc-diagram").forEach(function (block) {
      var source = block.querySelector(".mermaid-source");
      var canvas = block.querySelector(".doc-diagram-canvas");
      window.ERD.render(source.textContent, canvas).then(function () {
        block.classList.add("drawn");
      }).catch(function (error) {
        canvas.textContent = "The diagram could not be drawn: " + error.message;
      });
    });
  });
})();
