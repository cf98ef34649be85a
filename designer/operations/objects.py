"""Objects the model keeps as SQL text (views, functions, triggers... ``SqlObject``), and
the comments ("descriptions") of domains, sequences and those objects.

An object's text is read by ``designer.schema.sql_objects.describe`` — the importer's
reader too, one rule in one place — which says what it is (its kind and name) and what
it depends on and reads. ``Schema.sql_objects`` is kept in creation order: an object
comes after what it depends on.

What an object reads is protected here, once, for every operation
(``refuse_breaking_reads``, called by ``designer.operations.check_step``): a step that
drops, renames or changes the type of a column a verbatim object reads, or drops or
renames a table it reads, is refused, naming the objects ("The view film_list reads
film.title: change or remove it first."). PostgreSQL refuses the same for a view
("cannot drop column ... because other objects depend on it"); for a function, whose
body it does not check, the designer still says so rather than let the function break
when it runs. A domain used by a column and a sequence used by a default are protected
by the operations that remove them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

from designer.schema.model import (
    Domain,
    QName,
    Schema,
    Sequence,
    SqlObject,
    Table,
)
from designer.schema.sql_objects import SqlObjectError, describe

from .base import Gone, Invalid, Operation, new_id
from .patch import ROW_KEYS

if TYPE_CHECKING:
    from .patch import Patch

MAX_DESCRIPTION_LENGTH = 10_000
MAX_SQL_CHARS = 1_000_000


class SqlInvalid(Invalid):
    """An object's text PostgreSQL's parser (or the reader) refuses, with where."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line = line
        self.column = column
        where = f"Line {line}, column {column}: " if line is not None else ""
        if not message.endswith((".", "!", "?")):
            message += "."
        super().__init__(f"{where}{message}", "sql")

    @property
    def position(self) -> str:
        """``12:5`` (line:column), or "" (what the SQL editor puts its cursor on)."""
        return f"{self.line}:{self.column}" if self.line is not None else ""


# --- reading a text ----------------------------------------------------------------------


def read_sql(sql: str, schema: Schema, object_id: str) -> SqlObject:
    """The object ``sql`` creates; ``SqlInvalid`` on the ``sql`` input when it is not
    exactly one object's complete statements."""
    text = (sql or "").strip()
    if not text:
        raise Invalid("Paste the SQL that creates the object.", "sql")
    if len(text) > MAX_SQL_CHARS:
        raise Invalid(f"An object's SQL has at most {MAX_SQL_CHARS:,} characters.", "sql")
    try:
        return describe(sql, known=schema, id=object_id)
    except SqlObjectError as error:
        message = str(error)
        line = column = None
        if found := _WHERE.match(message):
            line, column, message = int(found[1]), int(found[2]), found[3]
        raise SqlInvalid(f"{message[:1].upper()}{message[1:]}", line, column) from None


_WHERE = re.compile(r"line (\d+), column (\d+): (.*)", re.DOTALL)


def _base_name(name: str) -> str:
    """A function's name without its arguments (``last_day(timestamp)`` → ``last_day``)."""
    return name.split("(", 1)[0].strip()


def _key(name: QName) -> tuple[str, str]:
    return (name.schema, _base_name(name.name))


def object_words(item: SqlObject) -> str:
    """How a sentence names an object: "the view film_list"."""
    where = "" if item.schema == "public" else f"{item.schema}."
    return f"the {item.kind.value} {where}{item.name}"


def _listed(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(readers: Iterable[SqlObject], verb: str, what: str) -> str:
    readers = list(dict.fromkeys(readers))
    names = _listed(object_words(item) for item in readers)
    one = len(readers) == 1
    verb = verb if one else verb.removesuffix("s")
    them = "it" if one else "them"
    return f"{names[:1].upper()}{names[1:]} {verb} {what}: change or remove {them} first."


def _table_words(name: QName) -> str:
    return name.name if name.schema == "public" else str(name)


def dependents(schema: Schema, item: SqlObject) -> tuple[SqlObject, ...]:
    """The other objects that depend on or read ``item``."""
    key = _key(item.qname)
    return tuple(
        other
        for other in schema.sql_objects
        if other.id != item.id
        and any(_key(name) == key for name in (*other.depends_on, *other.reads))
    )


def _known_names(schema: Schema, leaving_out: str = "") -> set[tuple[str, str]]:
    names = {_key(table.qname) for table in schema.tables}
    names |= {_key(item.qname) for item in schema.enums}
    names |= {_key(item.qname) for item in schema.domains}
    names |= {_key(item.qname) for item in schema.sequences}
    names |= {_key(item.qname) for item in schema.sql_objects if item.id != leaving_out}
    return names


_SYSTEM_SCHEMAS = frozenset({"pg_catalog", "information_schema"})


def _check_dependencies(schema: Schema, item: SqlObject) -> None:
    """PostgreSQL creates a view only over what exists: what the object needs first
    must be in the design."""
    known = _known_names(schema, leaving_out=item.id)
    missing = [
        name
        for name in item.depends_on
        if name.schema not in _SYSTEM_SCHEMAS and _key(name) not in known
    ]
    if missing:
        names = _listed(f"“{_table_words(name)}”" for name in missing)
        raise Invalid(
            f"{object_words(item)[:1].upper()}{object_words(item)[1:]} needs {names}, "
            "which the design does not have.",
            "sql",
        )


def _check_name(schema: Schema, item: SqlObject) -> None:
    for other in schema.sql_objects:
        if other.id != item.id and other.kind == item.kind and other.qname == item.qname:
            raise Invalid(f"There is {object_words(other)} already.", "sql")
    relation_kinds = {"view", "materialized view"}
    if item.kind.value in relation_kinds and item.qname in schema.tables_by_name:
        raise Invalid(f"An entity is named “{_table_words(item.qname)}” already.", "sql")


def ordered(objects: tuple[SqlObject, ...]) -> tuple[SqlObject, ...]:
    """``objects`` with each after what it depends on, otherwise in their order;
    ``Invalid`` when some depend on each other in a circle."""
    by_key: dict[tuple[str, str], list[int]] = {}
    for position, item in enumerate(objects):
        by_key.setdefault(_key(item.qname), []).append(position)
    needs = []
    for position, item in enumerate(objects):
        wanted = {
            other
            for name in (*item.depends_on, *item.reads)
            for other in by_key.get(_key(name), ())
            if other != position
        }
        needs.append(wanted)
    placed: list[int] = []
    done: set[int] = set()
    waiting = list(range(len(objects)))
    while waiting:
        ready = next((p for p in waiting if needs[p] <= done), None)
        if ready is None:
            circle = _listed(object_words(objects[p]) for p in waiting)
            raise Invalid(f"These objects depend on each other: {circle}.", "sql")
        placed.append(ready)
        done.add(ready)
        waiting.remove(ready)
    if placed == list(range(len(objects))):
        return objects
    return tuple(objects[p] for p in placed)


def find_object(schema: Schema, object_id: str) -> tuple[int, SqlObject]:
    for position, item in enumerate(schema.sql_objects):
        if item.id == object_id:
            return position, item
    raise Gone("That object no longer exists: someone removed it.")


def _description(text: Any) -> str:
    description = str(text or "").strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise Invalid(
            f"A comment has at most {MAX_DESCRIPTION_LENGTH:,} characters.", "description"
        )
    return description


def _table_targets(schema: Schema, item: SqlObject | None) -> set[str]:
    """The ids of the tables an object reads (a rename or deletion since conflicts)."""
    if item is None:
        return set()
    tables = schema.tables_by_name
    return {tables[name].id for name in (*item.depends_on, *item.reads) if name in tables}


# --- the operations ------------------------------------------------------------------------


@dataclass(frozen=True)
class AddSqlObject(Operation):
    """An object given as its SQL text (a view, a function...), after what it needs."""

    kind: ClassVar[str] = "add_sql_object"
    sql: str
    description: str = ""
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        if any(item.id == self.id for item in schema.sql_objects):
            raise Invalid("That object exists already.")
        item = read_sql(self.sql, schema, self.id)
        item = replace(item, id=self.id, description=_description(self.description))
        _check_name(schema, item)
        _check_dependencies(schema, item)
        return replace(schema, sql_objects=ordered((*schema.sql_objects, item)))

    def describe(self, schema: Schema) -> str:
        try:
            item = read_sql(self.sql, schema, self.id)
        except Invalid:
            return "Added an object"
        return f"Added {object_words(item)}"

    def targets(self, schema: Schema) -> frozenset[str]:
        try:
            item = read_sql(self.sql, schema, self.id)
        except Invalid:
            item = None
        return frozenset({f"object:{self.id}", *_table_targets(schema, item)})


@dataclass(frozen=True)
class ChangeSqlObject(Operation):
    """An object's text (and comment) given again: it keeps its id and its kind. A new
    name is refused while other objects depend on the old one."""

    kind: ClassVar[str] = "change_sql_object"
    object_id: str
    sql: str
    description: str = ""

    def apply(self, schema: Schema) -> Schema:
        position, old = find_object(schema, self.object_id)
        item = read_sql(self.sql, schema, self.object_id)
        item = replace(item, id=old.id, description=_description(self.description))
        if item.kind != old.kind:
            raise Invalid(
                f"This is a {old.kind.value}: its SQL must create a {old.kind.value}, "
                f"not a {item.kind.value}. Remove it and add the new object instead.",
                "sql",
            )
        if _key(item.qname) != _key(old.qname) and (users := dependents(schema, old)):
            raise Invalid(_sentence(users, "needs", f"{object_words(old)} by its name"), "sql")
        _check_name(schema, item)
        _check_dependencies(schema, item)
        objects = list(schema.sql_objects)
        objects[position] = item
        return replace(schema, sql_objects=ordered(tuple(objects)))

    def describe(self, schema: Schema) -> str:
        try:
            _, item = find_object(schema, self.object_id)
        except Gone:
            return "Changed an object"
        return f"Changed {object_words(item)}"

    def targets(self, schema: Schema) -> frozenset[str]:
        try:
            _, item = find_object(schema, self.object_id)
        except Gone:
            item = None
        return frozenset({f"object:{self.object_id}", *_table_targets(schema, item)})


# The collections whose members have a comment of their own here, and their keys' prefix
# (as ``Patch.touched`` writes them).
_COMMENTED = {name: ROW_KEYS[name] for name in ("domains", "sequences", "sql_objects")}


def _commented_target(schema: Schema, item_id: str) -> frozenset[str]:
    """The conflict key of a domain, sequence or object (``object:`` once it is gone)."""
    try:
        collection, _, _ = _find_commented(schema, item_id)
    except Gone:
        return frozenset({f"object:{item_id}"})
    return frozenset({f"{_COMMENTED[collection]}:{item_id}"})


def _find_commented(schema: Schema, item_id: str) -> tuple[str, int, Any]:
    for collection in _COMMENTED:
        for position, item in enumerate(getattr(schema, collection)):
            if item.id == item_id:
                return collection, position, item
    raise Gone("That object no longer exists: someone removed it.")


def commented_words(item: Domain | Sequence | SqlObject) -> str:
    if isinstance(item, SqlObject):
        return object_words(item)
    what = "domain" if isinstance(item, Domain) else "sequence"
    return f"the {what} {_table_words(item.qname)}"


@dataclass(frozen=True)
class ChangeObjectDescription(Operation):
    """The comment (``COMMENT ON``) of a domain, a sequence or an object kept as SQL."""

    kind: ClassVar[str] = "change_object_description"
    object_id: str
    description: str

    def apply(self, schema: Schema) -> Schema:
        collection, position, item = _find_commented(schema, self.object_id)
        items = list(getattr(schema, collection))
        items[position] = replace(item, description=_description(self.description))
        return replace(schema, **{collection: tuple(items)})

    def describe(self, schema: Schema) -> str:
        try:
            _, _, item = _find_commented(schema, self.object_id)
        except Gone:
            return "Changed the comment of an object"
        return f"Changed the comment of {commented_words(item)}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return _commented_target(schema, self.object_id)


@dataclass(frozen=True)
class RemoveSqlObject(Operation):
    """An object kept as SQL, a domain or a sequence (by id), refused while something
    uses it: an object depending on it or reading it, a column of the domain, a default
    taking its values from the sequence."""

    kind: ClassVar[str] = "remove_sql_object"
    object_id: str

    def apply(self, schema: Schema) -> Schema:
        collection, position, item = _find_commented(schema, self.object_id)
        if isinstance(item, SqlObject):
            if users := dependents(schema, item):
                raise Invalid(_sentence(users, "needs", object_words(item)))
        elif isinstance(item, Domain):
            _refuse_used_domain(schema, item)
        else:
            _refuse_used_sequence(schema, item)
        items = getattr(schema, collection)
        return replace(schema, **{collection: items[:position] + items[position + 1 :]})

    def describe(self, schema: Schema) -> str:
        try:
            _, _, item = _find_commented(schema, self.object_id)
        except Gone:
            return "Removed an object"
        return f"Removed {commented_words(item)}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return _commented_target(schema, self.object_id)


# --- domains and sequences -------------------------------------------------------------------


def columns_of_domain(schema: Schema, domain: Domain) -> list[tuple[Table, str]]:
    """The columns whose type is the domain."""
    return [
        (table, column.name)
        for table in schema.tables
        for column in table.columns
        if column.type.domain == domain.qname
    ]


# nextval('users_seq'), nextval('public.users_seq'::regclass), nextval(CAST('…' AS regclass))
_NEXTVAL = re.compile(r"nextval\s*\(\s*(?:CAST\s*\(\s*)?'((?:[^']|'')+)'", re.IGNORECASE)


def _sequence_name(text: str) -> QName:
    """The sequence a ``nextval('…')`` argument names (unqualified: public)."""
    names = []
    for quoted, plain in re.findall(r'"((?:[^"]|"")*)"|([^."]+)', text):
        name = quoted.replace('""', '"') if quoted else plain.strip().lower()
        if name:
            names.append(name)
    if len(names) >= 2:
        return QName(names[-2], names[-1])
    return QName("public", names[0] if names else text)


def defaults_using(schema: Schema, sequence: Sequence) -> list[tuple[Table, str]]:
    """The columns whose default takes its values from the sequence (``nextval``)."""
    found = []
    for table in schema.tables:
        for column in table.columns:
            for argument in _NEXTVAL.findall(column.default or ""):
                name = _sequence_name(argument.replace("''", "'"))
                if name == sequence.qname or ("." not in argument and name.name == sequence.name):
                    found.append((table, column.name))
    return found


def _columns_words(columns: list[tuple[Table, str]]) -> str:
    return _listed(f"{_table_words(table.qname)}.{name}" for table, name in columns)


def _refuse_used_domain(schema: Schema, domain: Domain) -> None:
    if columns := columns_of_domain(schema, domain):
        plural = len(columns) > 1
        raise Invalid(
            f"{'The columns' if plural else 'The column'} {_columns_words(columns)} "
            f"{'use' if plural else 'uses'} the domain {_table_words(domain.qname)}: "
            f"change {'them' if plural else 'it'} first."
        )
    key = _key(domain.qname)
    users = [item for item in schema.sql_objects if any(_key(n) == key for n in item.depends_on)]
    if users:
        raise Invalid(_sentence(users, "needs", f"the domain {_table_words(domain.qname)}"))


def _refuse_used_sequence(schema: Schema, sequence: Sequence) -> None:
    if columns := defaults_using(schema, sequence):
        plural = len(columns) > 1
        raise Invalid(
            f"The default of {_columns_words(columns)} "
            f"{'take their' if plural else 'takes its'} values from the sequence "
            f"{_table_words(sequence.qname)}: change {'them' if plural else 'it'} first."
        )


def _find(items: tuple[Any, ...], item_id: str, what: str) -> tuple[int, Any]:
    for position, item in enumerate(items):
        if item.id == item_id:
            return position, item
    raise Gone(f"That {what} no longer exists: someone removed it.")


# --- what the objects read is protected --------------------------------------------------------


def refuse_breaking_reads(before: Schema, after: Schema, patch: Patch) -> None:
    """Refuse a step that drops or renames a table a verbatim object reads, or drops,
    renames or retypes a column of it that the object mentions (``Invalid`` naming the
    objects, on the input it is about: ``name`` for a rename, ``data_type`` for a type)."""
    if not after.sql_objects:
        return
    for change in patch.tables:
        old, new = change.before, change.after
        if old is None:
            continue
        readers = after.objects_reading(old.qname)
        if not readers:
            continue
        if new is None or new.qname != old.qname:
            field_name = None if new is None else "name"
            raise Invalid(_sentence(readers, "reads", _table_words(old.qname)), field_name)
        now = {column.id: column for column in new.columns}
        for column in old.columns:
            reading = [item for item in readers if {column.name, "*"} & set(item.columns)]
            if not reading:
                continue
            current = now.get(column.id)
            if current is not None and current.name == column.name:
                if current.type == column.type:
                    continue
                field_name = "data_type"
            else:
                field_name = None if current is None else "name"
            what = f"{_table_words(old.qname)}.{column.name}"
            raise Invalid(_sentence(reading, "reads", what), field_name)
