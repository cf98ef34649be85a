"""The Mermaid ``erDiagram`` of a schema: entities, attributes and relationships.

``generate(schema, options)`` writes one entity per table (in the model's order) with its
attributes -- type, name, ``PK`` / ``FK`` / ``UK`` markers and the column description cut
to ``max_comment_length``; all of them, only the key columns or none, by
``options.detail`` -- then one line per foreign key, from the referenced table to
the referencing one. It targets the vendored Mermaid (``static/vendor/mermaid``) and
expects a schema that ``designer.schema.validation.validate`` accepts. Also public:
``entity_ids`` / ``entity_id`` (the id of each table's entity) and ``focus_tables``.

Cardinality, read from the model: the referenced end is ``||`` (exactly one) when every
referencing column is ``NOT NULL``, else ``|o`` (zero or one); the referencing end is
``o|`` (at most one row per referenced row) when the relationship is one-to-one or the
foreign-key columns are unique (a primary key, unique column, unique constraint or full
unique index whose columns lie within them), else ``o{``. The line is solid
(identifying) when the foreign-key columns are part of the referencing table's primary
key -- a junction table's, say -- and dashed otherwise. A many-to-many relationship is
drawn as its junction table with its two identifying lines. The label is the foreign-key
column names.

Domains and partitions: a column whose type is a domain shows the domain's name as its
type (``year``), written like any other type. Partitions are not drawn when their
parent is (``drawn``): each has its parent's columns and keys, and seven copies of
``payment`` with their lines would hide the design; the parent's label says how many
partitions it has (``payment (7 partitions)``). Every table, partitions included, keeps
its entity id, and a partition drawn without its parent (in focus, or in a diagram view
of it alone) is an entity like any other.

Identifiers: each table gets an ASCII entity id (``entity_ids(schema)``): the name
itself when it is a plain ASCII word in ``public`` that Mermaid does not read as a
keyword, else a sanitised form (``sales.orders`` -> ``sales_orders``, ``1st_place`` ->
``t_1st_place``, ``class`` -> ``t_class``, ``名前`` -> ``table``) made unique with ``_2``,
``_3``... The real name is shown through Mermaid's alias syntax
(``sales_orders["sales.orders"]``). The ids depend only on the set of table names, not
on their order, and focus mode uses the same ids as the full diagram.

Text is shown as written, on one line: characters Mermaid would misread -- ``"``, ``%``,
``#``, ``&``, ``<``, ``>``, ``*``, ``$``, ``\\``, backticks, ``~``, underscores that
markdown would take for emphasis, a ``:`` glued to the next character, the words
``direction LR`` and the like -- are written as Mermaid entity codes (``#34;``), which
Mermaid turns back into the character when it draws; control characters are shown as
their symbols (``␊``). Attribute types and names that are not plain words go in
backticks (```double precision```, ```pk```).

Finding a table in the rendered SVG: Mermaid draws each entity as
``<g class="node default" id="{svg id}-entity-{entity id}-{n}">`` where ``{svg id}`` is
the id given to ``mermaid.render`` and ``{n}`` the entity's position in the text; entity
ids are ``[A-Za-z0-9_]+``, so the id ends in ``-entity-(?P<entity>[A-Za-z0-9_]+)-\\d+``.
``static/designer/erd.js`` (``ERD.entityNodes``) reads it back; map the entity id to the
table with ``entity_ids(schema)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from designer.schema.model import Column, QName, Relationship, RelationshipKind, Schema, Table
from designer.schema.sqltext import type_sql

# The detail levels (``MermaidOptions.detail``), from the most to the least drawn.
DETAIL_LEVELS = ("all", "keys", "names")


@dataclass(frozen=True)
class MermaidOptions:
    """What to draw.

    ``focus``: draw only that table, the tables it references, the tables that reference
    it and its many-to-many partners. ``detail``: how much of each entity is drawn --
    ``"all"`` its columns, ``"keys"`` only the columns marked ``PK`` / ``FK`` / ``UK``
    (what the relationships hang on), ``"names"`` bare entities (an overview of a big
    schema). ``attributes=False`` is the older spelling of ``detail="names"``.
    ``max_comment_length``: column descriptions longer than this are cut with an
    ellipsis; 0 leaves comments out.
    """

    focus: QName | None = None
    attributes: bool = True
    max_comment_length: int = 80
    detail: str = "all"

    def __post_init__(self) -> None:
        if self.detail not in DETAIL_LEVELS:
            raise ValueError(f"detail must be one of {', '.join(DETAIL_LEVELS)}: {self.detail!r}")

    @property
    def level(self) -> str:
        """The detail level drawn, ``attributes=False`` being ``"names"``."""
        return self.detail if self.attributes else "names"


INDENT = "    "
ELLIPSIS = "…"

# Words the erDiagram lexer reads as keywords where an entity name stands (it is
# case-insensitive): such a table gets a sanitised id and an alias.
MERMAID_KEYWORDS = frozenset(
    {"erdiagram", "style", "classdef", "class", "subgraph", "end", "one", "many", "to"}
)

_PLAIN_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# A bare attribute word: a subset of the lexer's ATTRIBUTE_WORD without ``*`` and ``-``
# (markdown), and not starting with the key words PK / FK / UK.
_BARE_WORD = re.compile(r"[A-Za-z\u00c0-\uffff][A-Za-z0-9_\[\](),.\u00c0-\uffff]*")
_KEY_WORD = re.compile(r"(?:pk|fk|uk)\b", re.IGNORECASE)
# The lexer takes any line containing ``direction TB`` (etc.) as a direction statement.
_DIRECTION = re.compile(r"(direction)\s+(?=tb|bt|rl|lr)", re.IGNORECASE)
# Characters always written as entity codes: the quoting and comment syntax of the
# lexer, Mermaid's entity syntax itself, markdown emphasis, HTML and KaTeX (``$$``).
# Also written as codes: ``_`` unless it stands inside a word (markdown reads it as
# emphasis), and ``:`` before anything but white space (Mermaid's entity pre-processing
# drops the last ";" of a line matching "style.*:\S*#.*;"). ``[^\W_]`` is ``isalnum``.
_NEEDS_CODE = re.compile(r'["%#&<>*\\`~$]|(?<![^\W_])_|_(?![^\W_])|:(?=\S)')
_PLAIN_TEXT = re.compile(r"[!-~]+(?: [!-~]+)*")
_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


# -- text ---------------------------------------------------------------------------


def display_text(text: str) -> str:
    """``text`` as the diagram shows it: one line, single spaces, control characters
    as their visible symbols (``␀``), a name of only white space as ``␠``."""
    if _PLAIN_TEXT.fullmatch(text):
        return text  # printable ASCII words, single spaces: shown as it is
    collapsed = " ".join(text.replace("\ufeff", " ").split())
    if not collapsed and text:
        # A name of nothing but white space still needs something to show.
        collapsed = "".join(c if ord(c) < 0x20 else "\u2420" for c in text)
    shown = collapsed.translate(_CONTROL_PICTURES)
    # Mermaid marks entity codes with "ﬂ°" and "¶ß" and turns them back into entities
    # in the finished SVG; a word joiner keeps the same-looking text from being one.
    return shown.replace("\ufb02\u00b0", "\ufb02\u2060\u00b0").replace(
        "\u00b6\u00df", "\u00b6\u2060\u00df"
    )


def encode_text(text: str) -> str:
    """Display text with the characters Mermaid misreads written as ``#<code>;``."""
    encoded = _NEEDS_CODE.sub(_entity_code, display_text(text))
    return _DIRECTION.sub(r"\1#32;", encoded)


def _entity_code(match: re.Match[str]) -> str:
    return f"#{ord(match.group())};"


def quoted(text: str) -> str:
    """``text`` as a Mermaid double-quoted string (alias, comment or label)."""
    return f'"{encode_text(text)}"'


def attribute_word(text: str) -> str:
    """An attribute's type or name as one token: bare when safe, else in backticks."""
    shown = display_text(text)
    bare = _BARE_WORD.fullmatch(shown) and not _KEY_WORD.match(shown)
    if bare and encode_text(shown) == shown:
        return shown
    return f"`{encode_text(shown)}`"


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    shown = display_text(text)
    if len(shown) <= limit:
        return shown
    return shown[: max(limit - 1, 0)].rstrip() + ELLIPSIS


# -- entity ids ---------------------------------------------------------------------


def _is_plain(name: QName) -> bool:
    return (
        name.schema == "public"
        and _PLAIN_ID.fullmatch(name.name) is not None
        and name.name.lower() not in MERMAID_KEYWORDS
    )


def _sanitised(name: QName) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_") or "table"
    if base[0].isdigit() or base.lower() in MERMAID_KEYWORDS:
        base = f"t_{base}"
    return base


def entity_ids(schema: Schema) -> dict[QName, str]:
    """The Mermaid entity id of every table (see the module docstring)."""
    ids: dict[QName, str] = {}
    taken: set[str] = set()
    for table in schema.tables:
        if _is_plain(table.qname):
            ids[table.qname] = table.name
            taken.add(table.name)
    for name in sorted(table.qname for table in schema.tables if table.qname not in ids):
        base = _sanitised(name)
        candidate, counter = base, 2
        while candidate in taken:
            candidate = f"{base}_{counter}"
            counter += 1
        ids[name] = candidate
        taken.add(candidate)
    return ids


def entity_id(schema: Schema, table: Table | QName) -> str:
    """The Mermaid entity id of one table."""
    name = table.qname if isinstance(table, Table) else table
    return entity_ids(schema)[name]


# -- which tables -------------------------------------------------------------------


def focus_tables(schema: Schema, focus: QName) -> tuple[QName, ...]:
    """``focus``, the tables it references, those referencing it and its many-to-many
    partners, in the model's order."""
    if focus not in schema.tables_by_name:
        raise ValueError(f"no table {focus} in the schema")
    wanted = {focus}
    wanted.update(rel.to_table for rel in schema.relationships_from(focus))
    wanted.update(rel.from_table for rel in schema.relationships_to(focus))
    for link in schema.many_to_many:
        if focus in (link.left, link.right):
            wanted.update((link.left, link.right, link.through))
    return tuple(table.qname for table in schema.tables if table.qname in wanted)


def _selected(schema: Schema, options: MermaidOptions) -> tuple[Table, ...]:
    """The tables drawn (see ``drawn``; a partition in focus is drawn)."""
    if options.focus is None:
        return drawn(schema.tables)
    chosen = tuple(schema.table(name) for name in focus_tables(schema, options.focus))
    shown = {t.qname for t in drawn(chosen)}
    return tuple(t for t in chosen if t.qname in shown or t.qname == options.focus)


def drawn(tables: Iterable[Table]) -> tuple[Table, ...]:
    """The tables the diagram draws: all but the partitions whose parent is drawn. A
    partition has its parent's columns, keys and foreign keys; pagila's ``payment``
    would be drawn eight times over with seven identical sets of lines. The parent
    stands for them (its entity's label says how many partitions it has); the
    document's section 2 lists them with their bounds. A partition without its parent
    (a diagram view of it alone) is drawn."""
    tables = tuple(tables)
    names = {t.qname for t in tables}
    return tuple(t for t in tables if t.partition_of is None or t.partition_of not in names)


# -- keys ---------------------------------------------------------------------------


def _markers(table: Table, foreign: set[str]) -> dict[str, str]:
    """``PK`` / ``FK`` / ``UK`` markers by column name."""
    primary = set(table.primary_key.columns) if table.primary_key else set()
    unique = {name for key in table.unique_keys() for name in key} - primary
    markers = {}
    for column in table.columns:
        found = [
            marker
            for marker, columns in (("PK", primary), ("FK", foreign), ("UK", unique))
            if column.name in columns
        ]
        if found:
            markers[column.name] = ", ".join(found)
    return markers


# -- entities -----------------------------------------------------------------------


def attribute_type(column: Column) -> str:
    """The column's type as the diagram shows it: ``varchar(255)``, ``sales.status[]``,
    a domain's name (``year``)."""
    if column.type.domain is not None:
        return str(column.type.domain) + ("[]" if column.type.array else "")
    if column.type.is_enum and column.type.enum is not None:
        return str(column.type.enum) + ("[]" if column.type.array else "")
    return type_sql(column.type)


def attribute_line(column: Column, marker: str | None, options: MermaidOptions) -> str:
    """One attribute: type, name, markers and the cut description."""
    parts = [attribute_word(attribute_type(column)), attribute_word(column.name)]
    if marker:
        parts.append(marker)
    if options.max_comment_length > 0 and column.description.strip():
        parts.append(quoted(shorten(column.description, options.max_comment_length)))
    return INDENT * 2 + " ".join(parts)


def entity_head(table: Table, ident: str, partitions: int = 0) -> str:
    """The entity's id, with the table's real name as an alias where they differ (and,
    for a partitioned table, its number of partitions)."""
    label = str(table.qname)
    if partitions:
        label += f" ({partitions} partition{'s' if partitions != 1 else ''})"
    if ident == label:
        return INDENT + ident
    return f"{INDENT}{ident}[{quoted(label)}]"


def entity_block(schema: Schema, table: Table, ident: str, options: MermaidOptions) -> list[str]:
    """The lines of one entity: its head and the attributes its detail level asks for (a
    table with nothing to show is a bare entity)."""
    partitions = len(schema.partitions_of(table.qname)) if table.partition_by else 0
    head = entity_head(table, ident, partitions)
    if options.level == "names":
        return [head]
    foreign = {name for rel in schema.relationships_from(table.qname) for name in rel.from_columns}
    markers = _markers(table, foreign)
    columns = table.columns
    if options.level == "keys":
        columns = tuple(column for column in columns if column.name in markers)
    if not columns:
        return [head]
    body = [attribute_line(column, markers.get(column.name), options) for column in columns]
    return [head + " {", *body, INDENT + "}"]


# -- relationships ------------------------------------------------------------------


def is_one_to_one(schema: Schema, relationship: Relationship) -> bool:
    """At most one referencing row per referenced row."""
    if relationship.kind is RelationshipKind.ONE_TO_ONE:
        return True
    columns = set(relationship.from_columns)
    keys = schema.table(relationship.from_table).unique_keys()
    return any(key and set(key) <= columns for key in keys)


def is_identifying(schema: Schema, relationship: Relationship) -> bool:
    """Whether the foreign key is part of the referencing table's primary key."""
    key = schema.table(relationship.from_table).primary_key
    return key is not None and set(relationship.from_columns) <= set(key.columns)


def relationship_line(schema: Schema, relationship: Relationship, ids: Mapping[QName, str]) -> str:
    """``referenced <cardinality> referencing : "fk columns"`` (see the module docstring)."""
    referenced_end = "||" if schema.is_required(relationship) else "|o"
    referencing_end = "o|" if is_one_to_one(schema, relationship) else "o{"
    line = "--" if is_identifying(schema, relationship) else ".."
    label = quoted(", ".join(relationship.from_columns))
    return (
        f"{INDENT}{ids[relationship.to_table]} {referenced_end}{line}{referencing_end} "
        f"{ids[relationship.from_table]} : {label}"
    )


def _relationships(schema: Schema, tables: Iterable[Table]) -> list[Relationship]:
    names = {table.qname for table in tables}
    return [
        rel for rel in schema.relationships if rel.from_table in names and rel.to_table in names
    ]


# -- the diagram --------------------------------------------------------------------


def generate(schema: Schema, options: MermaidOptions | None = None) -> str:
    """The schema's Mermaid ``erDiagram`` text (see the module docstring)."""
    options = options or MermaidOptions()
    ids = entity_ids(schema)
    tables = _selected(schema, options)
    lines = ["erDiagram"]
    for table in tables:
        lines += entity_block(schema, table, ids[table.qname], options)
    lines += [relationship_line(schema, rel, ids) for rel in _relationships(schema, tables)]
    return "\n".join(lines) + "\n"


# Marks drawn on entities (the diff page): Mermaid's classDef / class statements.
MARK_STYLES = {
    "added": "fill:#dcfce7,stroke:#15803d,stroke-width:2px",
    "removed": "fill:#fee2e2,stroke:#b91c1c,stroke-width:2px,stroke-dasharray:4 3",
    "changed": "fill:#fef9c3,stroke:#a16207,stroke-width:2px",
}


def with_marks(text: str, marks: Mapping[str, str]) -> str:
    """``text`` (an ``erDiagram``) with entities marked: ``marks`` maps an entity id to a
    mark of ``MARK_STYLES``, which gives each its colours."""
    used = sorted(set(marks.values()))
    lines = [f"    classDef {mark} {MARK_STYLES[mark]}" for mark in used]
    for mark in used:
        ids = sorted(entity for entity, given in marks.items() if given == mark)
        lines.append(f"    class {','.join(ids)} {mark}")
    return text + "".join(line + "\n" for line in lines)
