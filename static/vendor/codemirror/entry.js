// The entry file of codemirror.min.js (see README.md): the parts of CodeMirror 6 the
// "Edit as SQL" page uses, as one global, window.CM.
import { EditorView, basicSetup } from "codemirror";
import { EditorState, Compartment } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { sql, PostgreSQL } from "@codemirror/lang-sql";

window.CM = { EditorView, EditorState, Compartment, basicSetup, keymap, indentWithTab, sql, PostgreSQL };
