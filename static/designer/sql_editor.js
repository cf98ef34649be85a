/*
 * "Edit as SQL" (templates/designer/sql_edit.html): the page's <textarea name="sql">
 * becomes a CodeMirror 6 editor (static/vendor/codemirror: line numbers, PostgreSQL
 * highlighting, bracket matching, search with Ctrl+F). The textarea stays in the form,
 * hidden, and is kept in step with the editor, so the form posts what the editor shows
 * (and static/designer/unsaved.js sees the typing, from the textarea's input events).
 * Without JavaScript, or without CodeMirror, the page is a plain textarea.
 *
 * An error with a place (data-position="line:column" on #sql-error) puts the cursor
 * there. Readers get a read-only editor. CodeMirror writes its own styles
 * (style-mod); the Content-Security-Policy's style-src allows them (config/settings.py).
 */
(function () {
  "use strict";

  function place(doc, position) {
    var match = /^(\d+):(\d+)$/.exec(position || "");
    if (!match) return null;
    var number = Math.min(Math.max(parseInt(match[1], 10), 1), doc.lines);
    var line = doc.line(number);
    return Math.min(line.from + Math.max(parseInt(match[2], 10) - 1, 0), line.to);
  }

  function enhance(textarea) {
    var CM = window.CM;
    var readOnly = textarea.dataset.readOnly === "true";
    var view = new CM.EditorView({
      state: CM.EditorState.create({
        doc: textarea.value,
        extensions: [
          CM.basicSetup,
          CM.sql({ dialect: CM.PostgreSQL, upperCaseKeywords: true }),
          CM.keymap.of([CM.indentWithTab]),
          CM.EditorState.readOnly.of(readOnly),
          // (CodeMirror owns the editor's class attribute: a class added later is lost)
          CM.EditorView.editorAttributes.of({ class: "sql-code-editor" }),
          CM.EditorView.contentAttributes.of({ "aria-label": "SQL" }),
          CM.EditorView.updateListener.of(function (update) {
            if (!update.docChanged) return;
            textarea.value = update.state.doc.toString();
            textarea.dispatchEvent(new Event("input", { bubbles: true }));
          }),
        ],
      }),
    });
    textarea.classList.add("sql-enhanced");
    textarea.insertAdjacentElement("afterend", view.dom);
    if (textarea.form) {
      textarea.form.addEventListener("submit", function () {
        textarea.value = view.state.doc.toString();
      });
    }
    var error = document.getElementById("sql-error");
    var at = error ? place(view.state.doc, error.dataset.position) : null;
    if (at !== null) {
      view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      view.focus();
    }
    window.sqlEditorView = view; // for the browser tests and the console
    return view;
  }

  function start() {
    var textarea = document.getElementById("sql-text");
    if (!textarea || !window.CM) return;
    enhance(textarea);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
