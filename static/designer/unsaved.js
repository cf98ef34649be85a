/* Warn before unsaved typed text is lost (loaded on every page by base.html).
 *
 * A form that saves something (method="post") is "unsaved" while one of its inputs
 * differs from the value the page gave it: the user typed, ticked or chose something
 * and has not submitted it yet. Then
 * - leaving or reloading the page asks the browser's own leave-page question;
 * - in the editor, an htmx request that would replace a region holding such a form (another
 *   entity opened from the list or the diagram replaces #entity-panel) first asks
 *   whether to discard it, and does nothing if not.
 * Submitting the form, or its Cancel, clears it; a form swapped out of the page is gone.
 * A form marked data-unsaved="ignore" (and search forms) is never tracked.
 */
(function () {
  "use strict";

  var QUESTION = "Discard unsaved changes? What you typed has not been saved.";
  var SKIPPED_TYPES = ["hidden", "submit", "button", "reset", "image", "search"];
  var edited = []; // forms an input or change event came from since they were last clean

  function tracked(form) {
    return (
      form &&
      form.nodeName === "FORM" &&
      (form.getAttribute("method") || "").toLowerCase() === "post" &&
      form.getAttribute("data-unsaved") !== "ignore" &&
      form.getAttribute("role") !== "search"
    );
  }

  function changedInput(element) {
    var type = (element.type || "").toLowerCase();
    if (SKIPPED_TYPES.indexOf(type) !== -1 || element.disabled) {
      return false;
    }
    if (type === "checkbox" || type === "radio") {
      return element.checked !== element.defaultChecked;
    }
    if (element.nodeName === "SELECT") {
      return Array.prototype.some.call(element.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    if (type === "file") {
      return element.files && element.files.length > 0;
    }
    return typeof element.value === "string" && element.value !== element.defaultValue;
  }

  function isUnsaved(form) {
    return (
      document.body.contains(form) && Array.prototype.some.call(form.elements, changedInput)
    );
  }

  // The forms holding unsaved text now (forgetting those that were removed or reverted).
  function unsavedForms() {
    edited = edited.filter(isUnsaved);
    return edited;
  }

  function forget(form) {
    edited = edited.filter(function (other) {
      return other !== form;
    });
  }

  function noteEdit(event) {
    var form = event.target && event.target.form;
    if (tracked(form) && edited.indexOf(form) === -1) {
      edited.push(form);
    }
  }

  document.addEventListener("input", noteEdit, true);
  document.addEventListener("change", noteEdit, true);

  // Submitted: what was typed goes to the server (a refusal comes back with it kept).
  document.addEventListener(
    "submit",
    function (event) {
      forget(event.target);
    },
    true
  );

  // Cancel (inline edits' links and the dialogs' buttons) drops what was typed on purpose.
  document.addEventListener(
    "click",
    function (event) {
      var cancel = event.target.closest && event.target.closest("[data-cancel], [data-dismiss]");
      var form = cancel && (cancel.form || cancel.closest("form"));
      if (form) {
        forget(form);
      }
    },
    true
  );

  window.addEventListener("beforeunload", function (event) {
    if (unsavedForms().length === 0) {
      return undefined;
    }
    event.preventDefault();
    event.returnValue = ""; // older browsers ask only when a value is set
    return "";
  });

  // An htmx request about to replace the region that holds unsaved text (not the form
  // that is being submitted itself): ask first, and cancel the request if the answer is no.
  document.addEventListener("htmx:confirm", function (event) {
    var detail = event.detail || {};
    var target = detail.target;
    var source = detail.elt;
    if (!target || !target.contains) {
      return;
    }
    var own = source && (source.nodeName === "FORM" ? source : source.closest && source.closest("form"));
    var lost = unsavedForms().filter(function (form) {
      return form !== own && target.contains(form);
    });
    if (lost.length === 0 || !replacesPanel(target)) {
      return;
    }
    if (window.confirm(QUESTION)) {
      lost.forEach(forget);
    } else {
      event.preventDefault(); // htmx waits for issueRequest(), which is never called
    }
  });

  // The editor's entity panel and the parts of it: replacing them (another entity opened,
  // a section re-drawn) loses the text typed in them.
  function replacesPanel(target) {
    return target.id === "entity-panel" || target.closest("#entity-panel") !== null;
  }

  window.Unsaved = { forms: unsavedForms };
})();
