/*
 * Behaviour shared by the pages, kept out of the HTML so that the Content-Security-Policy
 * can forbid inline script (config/settings.py):
 * - a form with data-busy-text shows that it is working once submitted, and cannot be
 *   submitted twice;
 * - a form with data-inert is never submitted (toolbars of controls read by htmx);
 * - a button with data-print prints the page;
 * - the schema document draws each of its diagrams (.doc-diagram) with Mermaid;
 * - a menu (the header's <details>: Export, Team, the account; a version's Download)
 *   closes once one of its items is chosen (a download leaves the page where it was, so
 *   nothing else would close it), on Escape, and on a click outside it.
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

  var MENUS = "header.topbar details, details.menu, details.downloads";

  function closeMenus(except) {
    document.querySelectorAll(MENUS).forEach(function (menu) {
      if (menu.open && menu !== except) menu.open = false;
    });
  }

  document.addEventListener("click", function (event) {
    var menu = event.target.closest(MENUS);
    closeMenus(menu);
    var item = menu && event.target.closest("a[href], [role=menuitem]");
    // After the click's own work (the download, the sign-out) has started.
    if (item) window.setTimeout(function () { menu.open = false; }, 0);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector(MENUS.split(", ").join("[open], ") + "[open]");
    if (!open) return;
    var inside = open.contains(document.activeElement);
    closeMenus(null);
    if (inside) open.querySelector("summary").focus();
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
