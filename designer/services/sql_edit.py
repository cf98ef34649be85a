"""“Edit as SQL”: the design, or one entity, as DDL text; the edited text applied back.

The text is what ``designer.generators.ddl`` writes. Applying it does not replace the
project: the text is read by the SQL importer (``designer.importers.sql``), its objects
are matched to the design's by name (``designer.schema.ids.adopt_ids``, through
``services.migrations.matched``), so ids — and with them comments on objects, the
history and what points at them — survive, and the result is applied as **one** change
through the one write path (``edits.apply`` with ``ReplaceSchema``: one undo).

The rule this module keeps: the unchanged text gives no change at all. DDL does not
carry everything a design holds, and the importer spells some things its own way, so
for the objects the text matched:

- what PostgreSQL has no place for is taken from the design: the project's settings and
  review, SQLModel's relationship attributes, sensitivity and validation of columns,
  many-to-many links (their junction tables are in the text), the ``timestamps`` flag of
  a table without ``updated_at``;
- what the importer spells otherwise is given the design's spelling where both mean the
  same (``services.migrations.settled``, as the drift comparison does: a column's own
  UNIQUE and CHECK, ``FALSE`` for ``false``...), and a constraint or index named exactly
  as the project's convention would name it keeps “named by the convention”;
- tables, enum types and foreign keys keep the design's order (the DDL writes tables in
  foreign-key order); new ones follow in the text's order;
- domains, sequences and the objects kept as SQL (views, functions, triggers...) keep
  their ids (matched by kind and name, or for an object by kind and exact text), their
  order, a domain's checks as the design spells them, and an object's description (the
  DDL writes it as a ``--`` comment, which SQL does not keep): ``_objects_matched``.

An entity's text is its table's own DDL: its block as the script writes it, then its
foreign keys added NOT VALID and, for a partition, its ``ATTACH PARTITION`` (the one
statement on another table an entity's text may hold). An edit that drops or renames a
table or column that a view, function or trigger reads is refused unless the same text
changes that object too (its SQL would still name what is gone).

A rename reads as a drop and an add unless it is plain: in a table, exactly one column
gone and exactly one of the same type added is a rename (its id, and what hangs on it,
kept); in the whole schema, exactly one table gone and one added sharing at least half
their columns (``migrations.rename_proposals``) likewise. Each is said in the notes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction

from .. import store
from ..generators import ddl
from ..importers.sql import ImportFailure, SqlSyntaxError, import_sql
from ..importers.sql.parsing import parse_script
from ..importers.summary import ImportResult
from ..models import Change, Project
from ..operations import Gone, OperationError, ReplaceSchema
from ..schema import diff as schema_diff
from ..schema.expressions import ExpressionError, expression_tree
from ..schema.ids import adopt_ids
from ..schema.model import Domain, QName, Relationship, Schema, SqlObject, Table
from ..schema.naming import assign_names
from ..schema.sqltext import type_sql
from . import edits
from .migrations import Rename, matched, rename_proposals, settled

SOURCE = "SQL edit"  # ReplaceSchema's source: "Replaced the design from SQL edit (…)"
# The text an editor posts is a design's DDL: the demo's is 3 KB, adventureworks' 200 KB.
MAX_TEXT_CHARS = 2_000_000


class SqlEditError(OperationError):
    """Why the text cannot be applied; ``line`` and ``column`` (1-based) say where, when
    the text's own position is known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line = line
        self.column = column
        where = f"Line {line}, column {column}: " if line is not None else ""
        super().__init__(f"{where}{message}", "sql")

    @property
    def position(self) -> str:
        """``12:5`` (line:column), or ""."""
        return f"{self.line}:{self.column}" if self.line is not None else ""


@dataclass(frozen=True)
class Plan:
    """What applying a text would do: the design ``current`` (at ``revision``) becomes
    ``new``; ``diff`` lists the changes as the visual diff does; ``notes`` say what was
    read as a rename and what the text holds that a design cannot."""

    current: Schema
    new: Schema
    diff: schema_diff.SchemaDiff
    revision: int
    text: str
    table_id: str | None = None
    notes: tuple[str, ...] = ()
    renames: tuple[Rename, ...] = ()

    @property
    def changes(self) -> tuple[schema_diff.Change, ...]:
        return self.diff.changes

    @property
    def empty(self) -> bool:
        """Nothing would change: the new design is the current one, exactly."""
        return self.new == self.current


# --- the text -------------------------------------------------------------------------


def text_for(schema: Schema, table: Table | None = None) -> str:
    """The DDL of the whole schema, or of ``table`` alone: its block as the script
    writes it, with every foreign key of the table inside its ``CREATE TABLE`` (the
    script adds those to later tables at its end) but those added NOT VALID, which
    follow it as ``ALTER TABLE``, as does a partition's ``ATTACH PARTITION``."""
    if table is None:
        return ddl.generate(schema)
    plan = ddl.creation_plan(schema)
    keys = schema.relationships_from(table.qname)
    inline = {**plan.inline, table.qname: tuple(r for r in keys if not r.not_valid)}
    parts = [ddl.table_block(schema, table, replace(plan, inline=inline))]
    # What the script says of the table after every table exists: its foreign keys
    # added NOT VALID, and (a partition) its attachment to its parent.
    later = [ddl.add_foreign_key_statement(r, plan.names) for r in keys if r.not_valid]
    if table.partition_of is not None:
        later.append(ddl.attach_partition_sql(table))
    if later:
        parts.append("\n".join(later))
    return "\n\n".join(parts) + "\n"


# --- the plan -------------------------------------------------------------------------


def plan(project: Project, text: str, table_id: str | None = None) -> Plan:
    """What applying ``text`` (the whole schema's DDL, or the entity ``table_id``'s) to
    the project's design would change. ``SqlEditError`` says what is wrong with it."""
    current = store.current_schema(project)  # project.revision is now the schema's
    return plan_for(current, text, table_id, project.revision)


def plan_for(current: Schema, text: str, table_id: str | None = None, revision: int = 0) -> Plan:
    """``plan`` on a schema (pure: no database)."""
    if len(text) > MAX_TEXT_CHARS:
        raise SqlEditError(
            f"The text is too long to apply ({len(text):,} characters; at most {MAX_TEXT_CHARS:,})."
        )
    if "\x00" in text:
        raise SqlEditError("The text holds a NUL character: it is not SQL text.")
    if table_id is None:
        new, renames, notes = _whole(current, text)
    else:
        new, renames, notes = _one_table(current, text, table_id)
    if broken := _readers_left_behind(current, new):
        # Whatever the editor accepts, the exported DDL applies: the object's SQL would
        # name what is gone.
        raise SqlEditError(broken[0])
    return Plan(
        current=current,
        new=new,
        diff=schema_diff.diff(current, new),
        revision=revision,
        text=text,
        table_id=table_id,
        notes=tuple(notes),
        renames=renames,
    )


def _whole(current: Schema, text: str) -> tuple[Schema, tuple[Rename, ...], list[str]]:
    result = _import(text)
    imported = result.schema
    renames = _plain_renames(imported, current)
    new = _matched(imported, current, renames)
    # What the DDL carries; the project's settings, review and the rest stay the design's.
    new = replace(
        current,
        extensions=new.extensions,
        enums=new.enums,
        tables=new.tables,
        relationships=new.relationships,
        many_to_many=new.many_to_many,
        domains=new.domains,
        sequences=new.sequences,
        sql_objects=new.sql_objects,
    )
    return new, renames, _notes(renames, result)


# --- domains, sequences and objects kept as SQL ------------------------------------------


def _objects_matched(new: Schema, current: Schema) -> Schema:
    """Domains, sequences and verbatim objects as the design has them, where the text
    says the same (their ids are adopted by kind and name, ``adopt_ids``):

    - a domain's check written as the design's (``VALUE`` for ``value``) keeps the
      design's spelling and id;
    - a verbatim object whose statements are the design's, exactly, is the design's
      object (its name, what it depends on and reads were worked out from that text);
      one not matched by name is matched by kind and text (a name the importer spells
      otherwise); an object whose text changed keeps its description (the DDL writes
      it as a ``--`` comment, which SQL does not keep);
    - they keep the design's order; new ones follow in the text's order.
    """
    design_domains = {d.id: d for d in current.domains}
    domains = tuple(
        _settled_domain(d, design_domains[d.id]) if d.id in design_domains else d
        for d in new.domains
    )
    by_id = {o.id: o for o in current.sql_objects}
    taken = {o.id for o in new.sql_objects if o.id in by_id}
    by_text: dict[tuple[Any, str], list[SqlObject]] = {}
    for item in current.sql_objects:
        if item.id not in taken:
            by_text.setdefault((item.kind, item.sql.strip()), []).append(item)
    objects = []
    for item in new.sql_objects:
        design = by_id.get(item.id)
        if design is None:
            candidates = by_text.get((item.kind, item.sql.strip()))
            design = candidates.pop(0) if candidates else None
        if design is not None and design.sql.strip() == item.sql.strip():
            item = design
        elif design is not None:
            item = replace(item, id=design.id, description=design.description)
        objects.append(item)
    return replace(
        new,
        domains=_ordered(domains, current.domains),
        sequences=_ordered(new.sequences, current.sequences),
        sql_objects=_ordered(tuple(objects), current.sql_objects),
    )


def _settled_domain(domain: Domain, design: Domain) -> Domain:
    checks = []
    left = list(design.checks)
    for check in domain.checks:
        same = next(
            (
                c
                for c in left
                if (c.name, c.not_valid) == (check.name, check.not_valid)
                and _same_expression(c.expression, check.expression)
            ),
            None,
        )
        if same is not None:
            left.remove(same)
            check = same
        checks.append(check)
    default = domain.default
    same = default is not None and design.default is not None
    if same and _same_expression(default, design.default):  # type: ignore[arg-type]
        default = design.default
    return replace(domain, checks=tuple(checks), default=default)


_LOCATION = re.compile(r'"location": -?\d+')


def _same_expression(a: str, b: str) -> bool:
    """Whether two expressions read as the same tree (spelling and positions aside)."""
    if a == b:
        return True
    try:
        trees = [json.dumps(expression_tree(text), sort_keys=True) for text in (a, b)]
    except ExpressionError:
        return False
    return _LOCATION.sub("", trees[0]) == _LOCATION.sub("", trees[1])


def _one_table(
    current: Schema, text: str, table_id: str
) -> tuple[Schema, tuple[Rename, ...], list[str]]:
    """The design with the entity ``table_id`` replaced by the one table ``text``
    defines: the text is read after the DDL of everything else (so that its foreign
    keys and enum types resolve), and must change nothing but its own table."""
    table = next((t for t in current.tables if t.id == table_id), None)
    if table is None:
        raise SqlEditError("This entity no longer exists: someone deleted it.")
    _only_its_own(_statements(text), table)  # syntax errors at the text's own lines
    others = _without(current, table)
    context = _context_text(others, text)
    # Without tables or types (extensions, schemas, a function): nothing to import alone.
    alone = _import(context) if others.tables or others.enums else None
    base = alone.schema if alone is not None else Schema()
    result = _import(f"{context}\n{text}", offset=context.count("\n") + 1)
    combined = adopt_ids(result.schema, base)  # what the text leaves alone: equal
    edited = _edited_table(combined, base, table)
    own = tuple(r for r in combined.relationships if r.from_table == edited.qname)
    imported = replace(
        current,
        extensions=(
            *current.extensions,
            *(e for e in combined.extensions if e not in current.extensions),
        ),
        tables=tuple(edited if t.id == table.id else t for t in current.tables),
        relationships=(
            *(r for r in current.relationships if r.from_table != table.qname),
            *own,
        ),
    )
    table_renames = {edited.qname: table.qname} if edited.qname != table.qname else {}
    renames = tuple(
        Rename(edited.qname, edited.name, table.name) for _ in table_renames
    ) + _plain_column_renames(imported, current, table_renames)
    new = _matched(imported, current, renames)
    new = _follow_renames(new, current, table, renames)
    return new, renames, _notes(renames, result, alone)


def _readers_left_behind(current: Schema, new: Schema) -> list[str]:
    """A table or column that a view, function or trigger of the new design reads, but
    the edit drops or renames: refused, since the object's SQL still names it."""
    notes = []
    tables = {t.id: t for t in new.tables}
    for old in current.tables:
        now = tables.get(old.id)
        if now is not None and now.qname == old.qname:
            names = set(now.column_names)
            gone = [c.name for c in old.columns if c.name not in names]
        else:
            gone = [None]
        for column in gone:
            for item in new.objects_reading(old.qname, column):
                what = old.qname if column is None else f"{old.qname}.{column}"
                notes.append(
                    f"The {item.kind.value} {item.name} reads {what}, which this text "
                    "drops or renames: change its SQL too (or remove it) in the same text."
                )
    return notes


def _without(schema: Schema, table: Table) -> Schema:
    """``schema`` without ``table``, what references it and its many-to-many links."""
    name = table.qname
    return replace(
        schema,
        tables=tuple(t for t in schema.tables if t.id != table.id),
        relationships=tuple(
            r for r in schema.relationships if name not in (r.from_table, r.to_table)
        ),
        many_to_many=tuple(
            m for m in schema.many_to_many if name not in (m.left, m.right, m.through)
        ),
    )


def _context_text(schema: Schema, text: str) -> str:
    """The DDL the entity's text is read after: everything else, and the ``updated_at``
    trigger function when the text calls it."""
    options = ddl.DdlOptions(transaction=False, header=False, comments=True)
    if schema.tables or schema.enums:
        context = ddl.generate(schema, options)
    else:
        statements = [ddl.extension_statement(name) for name in schema.extensions]
        statements += [ddl.schema_statement(name) for name in schema.schemas if name != "public"]
        context = "\n\n".join(statements) + "\n"
    calls = ddl.TRIGGER_FUNCTION in text.lower()
    if calls and not any(t.has_updated_at_trigger for t in schema.tables):
        context += "\n" + ddl.trigger_function_statement(comment=False) + "\n"
    return context


def _edited_table(combined: Schema, base: Schema, table: Table) -> Table:
    """The one table the entity's text defines; a text that defines other tables, or
    changes anything beyond its table, is refused."""
    known = {t.qname for t in base.tables}
    defined = [t for t in combined.tables if t.qname not in known]
    if not defined and not _changed_others(combined, base):
        raise SqlEditError(f"The text defines no table: write the CREATE TABLE of {table.qname}.")
    if len(defined) > 1:
        names = ", ".join(str(t.qname) for t in defined)
        raise SqlEditError(
            f"The text defines {len(defined)} tables ({names}): this editor edits only "
            f"{table.qname} (edit the whole schema as SQL to add tables)."
        )
    changed = _changed_others(combined, base)
    if changed or not defined:
        named = ", ".join(str(item) for item in changed)
        raise SqlEditError(
            f"The text changes {named}: this editor edits only {table.qname} "
            "(edit the whole schema as SQL to change the rest)."
        )
    return defined[0]


def _changed_others(combined: Schema, base: Schema) -> list[Any]:
    """What ``combined`` holds otherwise than ``base`` beyond its new table: tables and
    enum types changed, redefined or dropped, new enum types, foreign keys of other
    tables added or dropped (equal objects have equal ids: ``adopt_ids``)."""
    changed: list[Any] = []
    tables = {t.qname: t for t in combined.tables}
    for table in base.tables:
        if tables.get(table.qname) != table:
            changed.append(table.qname)
    enums = {e.qname: e for e in combined.enums}
    for enum in base.enums:
        if enums.get(enum.qname) != enum:
            changed.append(f"the type {enum.qname}")
    known = {e.qname for e in base.enums}
    changed += [f"the type {e.qname}" for e in combined.enums if e.qname not in known]
    new_names = {t.qname for t in combined.tables} - {t.qname for t in base.tables}
    ours = {r.id for r in base.relationships}
    theirs = {r.id for r in combined.relationships}
    for relationship in (*combined.relationships, *base.relationships):
        if relationship.from_table in new_names or relationship.from_table in changed:
            continue
        if relationship.id not in ours or relationship.id not in theirs:
            changed.append(relationship.from_table)
    return changed


# --- matching the text to the design --------------------------------------------------


def _plain_renames(imported: Schema, current: Schema) -> tuple[Rename, ...]:
    """The renames the text plainly means: exactly one table gone and one added (sharing
    half their columns), and in a table exactly one column gone and one of the same type
    added (``rename_proposals`` finds the candidates; the rest reads as drop and add)."""
    proposals = rename_proposals(imported, current)
    gone = [t for t in current.tables if t.qname not in imported.tables_by_name]
    added = [t for t in imported.tables if t.qname not in current.tables_by_name]
    tables = [p for p in proposals if not p.column]
    accepted = tuple(tables) if len(gone) == len(added) == len(tables) == 1 else ()
    table_renames = {r.table: QName(r.table.schema, r.new) for r in accepted}
    return accepted + _plain_column_renames(imported, current, table_renames)


def _plain_column_renames(
    imported: Schema, current: Schema, table_renames: dict[QName, QName]
) -> tuple[Rename, ...]:
    """In each table of both (through ``table_renames``: imported name → design name),
    exactly one column gone and one added, of the same type: a rename."""
    found = []
    for table in imported.tables:
        other = current.tables_by_name.get(table_renames.get(table.qname, table.qname))
        if other is None:
            continue
        names = set(table.column_names)
        old_names = set(other.column_names)
        gone = [c for c in other.columns if c.name not in names]
        added = [c for c in table.columns if c.name not in old_names]
        if len(gone) == len(added) == 1 and type_sql(gone[0].type) == type_sql(added[0].type):
            found.append(Rename(table.qname, added[0].name, gone[0].name, column=True))
    return tuple(found)


def _matched(imported: Schema, current: Schema, renames: Iterable[Rename]) -> Schema:
    """``imported`` with the design's ids, spelling, order and what DDL does not carry."""
    new = matched(imported, current, renames)
    new = settled(new, current)
    new = _objects_matched(new, current)
    new = _carried(new, current)
    new = _conventional_names(new, current)
    return _in_design_order(new, current)


def _carried(new: Schema, current: Schema) -> Schema:
    """What DDL does not carry, taken from the design for the objects matched by id."""
    tables = {t.id: t for t in current.tables}
    relationships = {r.id: r for r in current.relationships}
    new = replace(
        new,
        tables=tuple(_carried_table(t, tables[t.id]) if t.id in tables else t for t in new.tables),
        relationships=tuple(
            _carried_relationship(r, relationships[r.id]) if r.id in relationships else r
            for r in new.relationships
        ),
    )
    return replace(new, many_to_many=_links(new, current))


def _carried_table(table: Table, design: Table) -> Table:
    columns = {c.id: c for c in design.columns}
    carried = []
    for column in table.columns:
        want = columns.get(column.id)
        if want is not None:
            column = replace(column, sensitive=want.sensitive, validation=want.validation)
        carried.append(column)
    table = replace(table, columns=tuple(carried))
    # ``timestamps`` shows in the DDL only as the trigger on ``updated_at``.
    if not table.has_updated_at_trigger and not design.has_updated_at_trigger:
        table = replace(table, timestamps=design.timestamps)
    return table


def _carried_relationship(relationship: Relationship, design: Relationship) -> Relationship:
    return replace(
        relationship,
        from_attribute=design.from_attribute,
        to_attribute=design.to_attribute,
    )


def _links(new: Schema, current: Schema):
    """The design's many-to-many links whose three tables are still there (by id: a
    renamed table keeps its links), named as the new schema names them."""
    names = {t.id: t.qname for t in new.tables}
    ids = {t.qname: t.id for t in current.tables}
    links = []
    for link in current.many_to_many:
        ends = [names.get(ids.get(name, "")) for name in (link.left, link.right, link.through)]
        if all(ends):
            left, right, through = ends
            links.append(replace(link, left=left, right=right, through=through))
    return tuple(links)


def _conventional_names(new: Schema, current: Schema) -> Schema:
    """The constraints and indexes the design leaves to the convention, and the text
    names exactly as the convention does (as the DDL writes them), left to it again."""
    unnamed = _unnamed_ids(current)
    written = _written_names(new)
    named = unnamed & written.keys()
    if not named:
        return new
    convention = assign_names(_with_names(new, lambda key: None if key in named else ...))
    settle = {key for key in named if convention.by_id.get(key) == written[key]}
    return _with_names(new, lambda key: None if key in settle else ...)


def _unnamed_ids(schema: Schema) -> set[tuple[str, str]]:
    """The keys (as ``naming.Names`` keys them) of the objects named by the convention."""
    keys = set()
    for table in schema.tables:
        if table.primary_key is not None and table.primary_key.name is None:
            keys.add(("pk", table.id))
        keys |= {("uq", u.id) for u in table.uniques if u.name is None}
        keys |= {("ck", c.id) for c in table.checks if c.name is None}
        keys |= {("ix", i.id) for i in table.indexes if i.name is None}
    keys |= {("fk", r.id) for r in schema.relationships if r.name is None}
    return keys


def _written_names(schema: Schema) -> dict[tuple[str, str], str]:
    names = {}
    for table in schema.tables:
        if table.primary_key is not None and table.primary_key.name:
            names[("pk", table.id)] = table.primary_key.name
        names |= {("uq", u.id): u.name for u in table.uniques if u.name}
        names |= {("ck", c.id): c.name for c in table.checks if c.name}
        names |= {("ix", i.id): i.name for i in table.indexes if i.name}
    names |= {("fk", r.id): r.name for r in schema.relationships if r.name}
    return names


def _with_names(schema: Schema, name_for) -> Schema:
    """``schema`` with each constraint's and index's name ``name_for(key)`` (``...``:
    unchanged)."""

    def named(item, key, current):
        value = name_for(key)
        return item if value is ... or value == current else replace(item, name=value)

    tables = []
    for table in schema.tables:
        pk = table.primary_key
        if pk is not None:
            pk = named(pk, ("pk", table.id), pk.name)
        tables.append(
            replace(
                table,
                primary_key=pk,
                uniques=tuple(named(u, ("uq", u.id), u.name) for u in table.uniques),
                checks=tuple(named(c, ("ck", c.id), c.name) for c in table.checks),
                indexes=tuple(named(i, ("ix", i.id), i.name) for i in table.indexes),
            )
        )
    return replace(
        schema,
        tables=tuple(tables),
        relationships=tuple(named(r, ("fk", r.id), r.name) for r in schema.relationships),
    )


def _in_design_order(new: Schema, current: Schema) -> Schema:
    """Tables, enum types, foreign keys and a table's constraints and indexes in the
    design's order (the DDL writes tables in foreign-key order, and the importer keys
    and constraints its own way); new ones after, in the text's order. Columns keep the
    text's order: that is where the text puts them."""
    design_tables = {table.id: table for table in current.tables}

    def table_in_order(table: Table) -> Table:
        design = design_tables.get(table.id)
        if design is None:
            return table
        return replace(
            table,
            uniques=_ordered(table.uniques, design.uniques),
            checks=_ordered(table.checks, design.checks),
            indexes=_ordered(table.indexes, design.indexes),
        )

    return replace(
        new,
        enums=_ordered(new.enums, current.enums),
        tables=_ordered(tuple(table_in_order(t) for t in new.tables), current.tables),
        relationships=_ordered(new.relationships, current.relationships),
    )


def _ordered(items: Sequence[Any], design: Sequence[Any]) -> tuple[Any, ...]:
    position = {item.id: number for number, item in enumerate(design)}
    known = sorted((i for i in items if i.id in position), key=lambda i: position[i.id])
    return (*known, *(i for i in items if i.id not in position))


def _follow_renames(
    new: Schema, current: Schema, table: Table, renames: Sequence[Rename]
) -> Schema:
    """The foreign keys of other tables to the edited one, following its renames (the
    text of one entity holds only its own keys)."""
    edited = next(t for t in new.tables if t.id == table.id)
    columns = {r.new: r.old for r in renames if r.column}  # design name → text name
    if edited.qname == table.qname and not columns:
        return new

    def follow(relationship: Relationship) -> Relationship:
        if relationship.to_table != table.qname or relationship.from_table == edited.qname:
            return relationship
        return replace(
            relationship,
            to_table=edited.qname,
            to_columns=tuple(columns.get(name, name) for name in relationship.to_columns),
        )

    def moved(name: QName) -> QName:
        return edited.qname if name == table.qname else name

    return replace(
        new,
        relationships=tuple(follow(r) for r in new.relationships),
        many_to_many=tuple(
            replace(m, left=moved(m.left), right=moved(m.right), through=moved(m.through))
            for m in new.many_to_many
        ),
    )


# --- reading the text -----------------------------------------------------------------


def _statements(text: str) -> list[Any]:
    """The text's statements, or its syntax error at its own line and column."""
    try:
        return list(parse_script(text))
    except SqlSyntaxError as error:
        raise SqlEditError(_syntax_message(error), error.line, error.column) from None
    except ImportFailure as error:
        raise SqlEditError(_sentence(str(error))) from None


# Statements that name the table they act on in ``relation``.
_ON_A_TABLE = ("CreateStmt", "AlterTableStmt", "IndexStmt", "CreateTrigStmt")


def _only_its_own(statements: Sequence[Any], table: Table) -> None:
    """An entity's text acts on its own table only: a statement on another table, or a
    DROP, is refused at its line (the import after the rest would hide it)."""
    defined = {_relation(s.node) for s in statements if s.kind == "CreateStmt"}
    for statement in statements:
        if _attaches(statement.node) & defined:
            continue  # the partition's ATTACH, on its parent
        if statement.kind == "DropStmt":
            raise SqlEditError(
                "An entity's text drops nothing: delete the lines of what should go.",
                statement.line,
                1,
            )
        if statement.kind in _ON_A_TABLE and _relation(statement.node) not in defined:
            schema, name = _relation(statement.node)
            where = name if schema == "public" else f"{schema}.{name}"
            if (schema, name) == (table.schema, table.name) and len(defined) == 1:
                raise SqlEditError(
                    f"This statement acts on {where}, but the text renames the table: "
                    "use its new name here too.",
                    statement.line,
                    1,
                )
            raise SqlEditError(
                f"This statement acts on {where}, another table: edit the whole schema as SQL "
                "to change it.",
                statement.line,
                1,
            )


def _attaches(node: dict[str, Any]) -> set[tuple[str, str]]:
    """The tables an ``ALTER TABLE parent ATTACH PARTITION table ...`` attaches."""
    found = set()
    for command in node.get("cmds") or ():
        command = command.get("AlterTableCmd", command)
        if command.get("subtype") != "AT_AttachPartition":
            continue
        partition = (command.get("def") or {}).get("PartitionCmd", {}).get("name") or {}
        found.add((partition.get("schemaname") or "public", partition.get("relname") or ""))
    return found


def _relation(node: dict[str, Any]) -> tuple[str, str]:
    relation = node.get("relation") or {}
    return relation.get("schemaname") or "public", relation.get("relname") or ""


def _import(text: str, *, offset: int = 0) -> ImportResult:
    """The importer's reading of ``text``; its refusal as a ``SqlEditError`` (a syntax
    error at the line of the user's text: ``offset`` lines precede it)."""
    try:
        return import_sql(text)
    except SqlSyntaxError as error:
        line = error.line - offset if error.line > offset else error.line
        raise SqlEditError(_syntax_message(error), line, error.column) from None
    except ImportFailure as error:
        raise SqlEditError(_sentence(str(error))) from None
    except RecursionError:
        raise SqlEditError("A statement nests too deeply to be read.") from None


def _syntax_message(error: SqlSyntaxError) -> str:
    return f"{_sentence(error.message)} (at “{error.text}”)."


def _sentence(text: str) -> str:
    text = text.replace("the file", "the text").rstrip(".")
    return text[:1].upper() + text[1:]


def _notes(
    renames: Sequence[Rename], result: ImportResult, context: ImportResult | None = None
) -> list[str]:
    """The renames read (the text's side is ``Rename.old``, the design's ``new``) and
    what the text holds that a design cannot (left out, as an import says)."""
    notes = []
    for rename in renames:
        if rename.column:
            notes.append(
                f"Read as a rename: column {rename.table}.{rename.new} → {rename.old} "
                "(one column gone and one of the same type added)."
            )
        else:
            old = QName(rename.table.schema, rename.new)
            notes.append(f"Read as a rename: table {old} → {rename.table}.")
    known = context.summary.skipped_lines() if context is not None else []
    notes += [
        f"Left out: {line.removeprefix('skipped: ')}."
        for line in result.summary.skipped_lines(10)
        if line not in known
    ]
    return notes


# --- applying -------------------------------------------------------------------------


def apply(
    project: Project,
    plan: Plan,
    *,
    actor: Any = None,
    base_revision: int | None = None,
) -> edits.Applied:
    """Apply ``plan`` as one change (one undo). The design may have changed since the
    text was opened (``base_revision``): a whole-schema text then is a ``Conflict``
    (it would undo the changes since); an entity's text is, when the entity was changed
    since, and otherwise is read again over the design as it is now."""
    with transaction.atomic():
        locked = Project.objects.select_for_update().filter(pk=project.pk).first()
        if locked is None:
            raise Gone("This project no longer exists: someone deleted it.")
        base = plan.revision if base_revision is None else base_revision
        if locked.revision != plan.revision or base != locked.revision:
            _check_conflicts(locked, plan, base)
            plan = plan_for(store.current_schema(locked), plan.text, plan.table_id, locked.revision)
        if plan.empty:
            return edits.Applied(None, plan.current, locked.revision)
        applied = edits.apply(
            locked,
            [ReplaceSchema(plan.new, source=SOURCE)],
            actor=actor,
            kind=Change.Kind.EDIT,
        )
    for name in ("revision", *store.PROJECT_SETTINGS):
        setattr(project, name, getattr(locked, name))
    return applied


def _check_conflicts(locked: Project, plan: Plan, base: int) -> None:
    since = list(
        Change.objects.filter(project=locked, revision__gt=base)
        .select_related("actor")
        .only("revision", "summary", "touched", "actor__username")
        .order_by("revision")
    )
    if plan.table_id is None:
        clashing = since
    else:
        keys = _keys_of(plan)
        clashing = [change for change in since if keys & set(change.touched)]
    if clashing or len(since) > edits.MAX_CHANGES_BEHIND:
        raise edits.Conflict(clashing, locked.revision)


def _keys_of(plan: Plan) -> set[str]:
    """What an entity's text stands on: the table, its contents, its foreign keys and
    the foreign keys to it (as ``Patch.touched`` names them)."""
    keys = {plan.table_id, f"{plan.table_id}/"}
    tables = {t.id: t.qname for t in plan.current.tables}
    name = tables.get(plan.table_id)
    keys |= {r.id for r in plan.current.relationships if name in (r.from_table, r.to_table)}
    keys |= {m.id for m in plan.current.many_to_many if name in (m.left, m.right, m.through)}
    return {key for key in keys if key}


def applied_message(applied: edits.Applied, plan: Plan) -> str:
    """What the editor says after an apply."""
    if applied.change is None:
        return "The text matches the design: nothing to apply."
    count = len(plan.changes)
    if count == 0:  # names left to the convention, an order: nothing the database sees
        return "Applied the text from SQL: no change reaches the database (one undo)."
    return f"Applied {count} change{'s' if count != 1 else ''} from SQL (one undo)."
