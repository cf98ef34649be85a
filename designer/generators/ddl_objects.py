"""The DDL of the objects around the tables: domains, sequences, partitions' attachment and
the objects kept as verbatim SQL (views, functions, triggers...), and their order.

``designer.generators.ddl`` re-exports every public name here, and writes them in its
script (see its docstring for the whole order). Other generators (the SQLModel module's
DDL events, the migrations) call the same functions so that every artifact writes the
same text:

- ``domain_sql(domain, schema)``: ``CREATE DOMAIN`` with its default, NOT NULL and named
  checks (a ``NOT VALID`` one as ``ALTER DOMAIN ... ADD CONSTRAINT ... NOT VALID``), and
  its ``COMMENT ON DOMAIN``; ``domain_check_names(domain)`` the names of its checks;
- ``sequence_sql(sequence)``: ``CREATE SEQUENCE`` with the options that differ from
  PostgreSQL's defaults (and its comment), ``sequence_owner_sql(sequence)``: ``ALTER
  SEQUENCE ... OWNED BY`` (``None`` when it has no owner);
- ``attach_partition_sql(table)``: ``ALTER TABLE parent ATTACH PARTITION table <bound>``;
- ``object_phases(schema)``: the verbatim objects created before the tables (they depend
  on no table, view or materialized view, even through another object) and after them,
  each list in dependency order; ``object_sql(item)`` an object's text as written;
- ``before_tables(schema)``: the domains and those objects in one order (a function a
  domain's check calls comes before the domain);
- ``column_type_sql(column_type)``: a column's type, a domain spelled by its name;
- ``ordered_domains(schema)``: domains with a domain they are based on first.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from collections.abc import Sequence as Seq

from designer.schema.expressions import ExpressionError, expression_tree, needs_parentheses
from designer.schema.model import (
    ColumnType,
    Domain,
    ObjectKind,
    QName,
    Schema,
    Sequence,
    SqlObject,
    Table,
)
from designer.schema.naming import MAX_IDENTIFIER_BYTES
from designer.schema.sqltext import qualified, quote_ident, quote_literal, type_sql

INDENT = "    "
# A statement longer than this gets one option (or clause) per line.
LINE_WIDTH = 100
# Kinds whose text PostgreSQL reads as a function body (check_function_bodies applies).
FUNCTION_KINDS = frozenset({ObjectKind.FUNCTION, ObjectKind.PROCEDURE})
# Objects other objects (and the after-tables phase) depend on as relations.
RELATION_KINDS = frozenset({ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW})
SEQUENCE_TYPES = ("smallint", "integer", "bigint")


# --- types --------------------------------------------------------------------------


def column_type_sql(column_type: ColumnType) -> str:
    """A column's type as written in its definition: a domain by its (qualified where
    needed) name, ``[]`` for an array of it; any other type as ``type_sql`` writes it."""
    if column_type.domain is not None:
        return qualified(column_type.domain) + ("[]" if column_type.array else "")
    return type_sql(column_type)


# --- domains ------------------------------------------------------------------------


def domain_check_names(domain: Domain) -> tuple[str, ...]:
    """The name of each check of ``domain``: its own, or the one PostgreSQL gives an
    unnamed domain check in a fresh database (``<domain>_check``, ``<domain>_check1``...),
    written out so that a migration can name it."""
    taken = {check.name for check in domain.checks if check.name}
    names = []
    counter = 0
    for check in domain.checks:
        if check.name:
            names.append(check.name)
            continue
        while True:
            candidate = _object_name(domain.name, "check", counter)
            counter += 1
            if candidate not in taken:
                break
        taken.add(candidate)
        names.append(candidate)
    return tuple(names)


def _object_name(name: str, label: str, counter: int) -> str:
    """PostgreSQL's ChooseConstraintName for ``name`` and ``label``: ``name_label``, then
    ``name_label1``, ``name_label2``...; ``name`` is cut (never mid-character) to fit."""
    suffix = f"_{label}{counter if counter else ''}"
    encoded = name.encode(errors="surrogatepass")
    room = MAX_IDENTIFIER_BYTES - len(suffix)
    return encoded[:room].decode(errors="ignore") + suffix


def domain_sql(domain: Domain, schema: Schema | None = None, *, comments: bool = True) -> str:
    """``CREATE DOMAIN name AS type [DEFAULT ...] [NOT NULL] [CONSTRAINT n CHECK (...)]``,
    then ``ALTER DOMAIN ... ADD CONSTRAINT ... NOT VALID`` for a check that does not hold
    for values already stored, and ``COMMENT ON DOMAIN`` when it has a description.

    (``schema`` is accepted for the callers' convenience: the text needs nothing else.)
    """
    del schema
    name = qualified(domain.qname)
    clauses = []
    if domain.default is not None:
        default = f"({domain.default})" if needs_parentheses(domain.default) else domain.default
        clauses.append(f"DEFAULT {default}")
    if not domain.nullable:
        clauses.append("NOT NULL")
    later = []
    for check, check_name in zip(domain.checks, domain_check_names(domain), strict=True):
        clause = f"CONSTRAINT {quote_ident(check_name)} CHECK ({check.expression})"
        if check.not_valid:
            later.append(f"ALTER DOMAIN {name}\n{INDENT}ADD {clause} NOT VALID;")
        else:
            clauses.append(clause)
    head = f"CREATE DOMAIN {name} AS {column_type_sql(domain.type)}"
    statement = _one_or_many_lines(head, clauses)
    statements = [statement, *later]
    if comments and domain.description:
        statements.append(f"COMMENT ON DOMAIN {name} IS {_literal(domain.description)};")
    return "\n".join(statements)


def ordered_domains(schema: Schema) -> tuple[Domain, ...]:
    """The domains in model order, except that a domain over another comes after it."""
    by_name = schema.domains_by_name
    position = {domain.qname: number for number, domain in enumerate(schema.domains)}

    def needs(domain: Domain) -> Iterable[QName]:
        based_on = domain.type.domain
        return [based_on] if based_on in by_name and based_on != domain.qname else []

    order = _topological(list(schema.domains), lambda d: d.qname, needs, position)
    return tuple(order)


# --- sequences ----------------------------------------------------------------------


def sequence_options(sequence: Sequence) -> list[str]:
    """The sequence's options that are not PostgreSQL's defaults, as ``CREATE SEQUENCE``
    writes them (``AS integer``, ``INCREMENT BY 5``, ``CYCLE``...): the DDL, the
    document, DBML's comment and the objects page all say them so."""
    options = []
    if sequence.data_type != "bigint":
        options.append(f"AS {sequence.data_type}")
    if sequence.increment != 1:
        options.append(f"INCREMENT BY {sequence.increment}")
    if sequence.min_value is not None:
        options.append(f"MINVALUE {sequence.min_value}")
    if sequence.max_value is not None:
        options.append(f"MAXVALUE {sequence.max_value}")
    if sequence.start is not None:
        options.append(f"START WITH {sequence.start}")
    if sequence.cache != 1:
        options.append(f"CACHE {sequence.cache}")
    if sequence.cycle:
        options.append("CYCLE")
    return options


def sequence_sql(sequence: Sequence, *, comments: bool = True) -> str:
    """``CREATE SEQUENCE`` with every option that is not PostgreSQL's default (no OWNED
    BY: the owning table comes later, see ``sequence_owner_sql``), then its comment."""
    options = sequence_options(sequence)
    name = qualified(sequence.qname)
    statements = [_one_or_many_lines(f"CREATE SEQUENCE {name}", options)]
    if comments and sequence.description:
        statements.append(f"COMMENT ON SEQUENCE {name} IS {_literal(sequence.description)};")
    return "\n".join(statements)


def sequence_owner_sql(sequence: Sequence) -> str | None:
    """``ALTER SEQUENCE s OWNED BY t.c`` (dropping the column drops the sequence)."""
    if sequence.owned_by is None:
        return None
    table, column = sequence.owned_by
    return (
        f"ALTER SEQUENCE {qualified(sequence.qname)} "
        f"OWNED BY {qualified(table)}.{quote_ident(column)};"
    )


# --- partitions ---------------------------------------------------------------------


def attach_partition_sql(table: Table) -> str:
    """``ALTER TABLE parent ATTACH PARTITION table FOR VALUES ...`` (or ``DEFAULT``).

    Written once the partition has its indexes and constraints: PostgreSQL then attaches
    the partition's index or key that matches each of the parent's, keeping its name,
    instead of building another.
    """
    if table.partition_of is None:
        raise ValueError(f"{table.qname} is not a partition")
    bound = table.partition_bound or "DEFAULT"
    return (
        f"ALTER TABLE {qualified(table.partition_of)} "
        f"ATTACH PARTITION {qualified(table.qname)} {bound};"
    )


def partition_depth(schema: Schema, table: Table) -> int:
    """How many parents ``table`` has above it (0: not a partition)."""
    depth, seen, current = 0, set(), table
    while current.partition_of is not None and current.partition_of not in seen:
        seen.add(current.partition_of)
        parent = schema.tables_by_name.get(current.partition_of)
        if parent is None:
            break
        depth += 1
        current = parent
    return depth


# --- verbatim objects ----------------------------------------------------------------


def object_sql(item: SqlObject) -> str:
    """The object's statements as kept, without the blank lines around them."""
    return item.sql.strip()


def has_functions(schema: Schema) -> bool:
    """Whether the schema keeps a function or a procedure (the script then starts with
    ``SET check_function_bodies = false``, as pg_dump's does: a body may name a table
    created later)."""
    return any(item.kind in FUNCTION_KINDS for item in schema.sql_objects)


def object_phases(schema: Schema) -> tuple[list[SqlObject], list[SqlObject]]:
    """The verbatim objects created before the tables, and those created after them.

    An object goes after the tables when one of its ``depends_on`` names a table, a view
    or a materialized view, or an object that goes after the tables; every other one
    (a function over types only, a composite type, a comment on a schema) goes before,
    so that a default, a check or an index may use it. Each list is in dependency order,
    ties (and a cycle, broken at its first object) in the model's order.

    Worked out once per schema object (the result is shared: do not change it).
    """
    return schema.derived(_object_phases)


def _object_phases(schema: Schema) -> tuple[list[SqlObject], list[SqlObject]]:
    objects = list(schema.sql_objects)
    position = {id(item): number for number, item in enumerate(objects)}
    found = _object_lookup(objects)
    tables = set(schema.tables_by_name)

    def needs(item: SqlObject) -> list[int]:
        numbers = []
        for name in item.depends_on:
            numbers += [n for n in found.get(name, ()) if objects[n] is not item]
        return numbers

    dependencies = {number: needs(item) for number, item in enumerate(objects)}
    after = {
        number
        for number, item in enumerate(objects)
        if any(name in tables for name in item.depends_on)
        or any(objects[n].kind in RELATION_KINDS for n in dependencies[number])
    }
    changed = True
    while changed:  # what depends on an object created after the tables comes after too
        changed = False
        for number, needed in dependencies.items():
            if number not in after and any(n in after for n in needed):
                after.add(number)
                changed = True

    def order(numbers: list[int]) -> list[SqlObject]:
        chosen = [objects[n] for n in numbers]
        return _topological(
            chosen,
            id,
            lambda item: [id(objects[n]) for n in dependencies[position[id(item)]]],
            {id(item): position[id(item)] for item in chosen},
        )

    before = [n for n in range(len(objects)) if n not in after]
    return order(before), order(sorted(after))


def before_tables(schema: Schema) -> list[Domain | SqlObject]:
    """The domains and the objects created before the tables, in one dependency order:
    the domains first (a domain over another after it), then the objects as
    ``object_phases`` orders them, except that an object a domain's check or default
    calls (``CHECK (is_email(VALUE))``) comes before that domain, and an object whose
    ``depends_on`` names a domain after it."""
    return schema.derived(_before_tables)


def _before_tables(schema: Schema) -> list[Domain | SqlObject]:
    before, _ = object_phases(schema)
    domains = ordered_domains(schema)
    items: list[Domain | SqlObject] = [*domains, *before]
    if not domains or not before:
        return items
    position = {id(item): number for number, item in enumerate(items)}
    domain_ids = {domain.qname: id(domain) for domain in domains}
    found = _object_lookup(before)
    by_bare: dict[str, list[int]] = {}
    for item in before:
        by_bare.setdefault(item.name.split("(", 1)[0].strip(), []).append(id(item))

    def needs(item: Domain | SqlObject) -> list[int]:
        if isinstance(item, Domain):
            keys = [domain_ids[item.type.domain]] if item.type.domain in domain_ids else []
            texts = [check.expression for check in item.checks]
            texts += [item.default] if item.default is not None else []
            for text in texts:
                for name in _functions_called(text):
                    keys += by_bare.get(name, [])
            return keys
        keys = [domain_ids[name] for name in item.depends_on if name in domain_ids]
        for name in item.depends_on:
            keys += [id(before[number]) for number in found.get(name, ())]
        return keys

    return _topological(items, id, needs, position)


def _functions_called(expression: str) -> set[str]:
    """The names (without schema) of the functions an expression calls."""
    try:
        tree = expression_tree(expression)
    except ExpressionError:
        return set()
    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            call = node.get("FuncCall")
            if isinstance(call, dict) and call.get("funcname"):
                last = call["funcname"][-1]
                if isinstance(last, dict) and "String" in last:
                    names.add(last["String"]["sval"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return names


def _object_lookup(objects: Seq[SqlObject]) -> dict[QName, list[int]]:
    """The objects a qualified name may mean: by name, and a function or procedure also
    by its name without the argument list (``last_day`` for ``last_day(timestamp)``)."""
    found: dict[QName, list[int]] = {}
    for number, item in enumerate(objects):
        found.setdefault(item.qname, []).append(number)
        if "(" in item.name:
            bare = QName(item.schema, item.name.split("(", 1)[0].strip())
            found.setdefault(bare, []).append(number)
    return found


def _topological(items, key, needs, position) -> list:
    """Kahn's algorithm over ``items`` (``needs(item)`` gives the keys it waits for; keys
    outside ``items`` are ignored): always the first ready item by ``position``; when none
    is ready (a cycle), the first not yet placed."""
    by_key = {key(item): item for item in items}
    waiting = {
        key(item): {k for k in needs(item) if k in by_key and k != key(item)} for item in items
    }
    dependants: dict = {}
    for item_key, wanted in waiting.items():
        for needed in wanted:
            dependants.setdefault(needed, []).append(item_key)
    ready = [(position[k], k) for k, wanted in waiting.items() if not wanted]
    heapq.heapify(ready)
    done: set = set()
    order = []
    remaining = sorted(by_key, key=lambda k: position[k])
    while len(order) < len(items):
        if ready:
            _, item_key = heapq.heappop(ready)
            if item_key in done:
                continue
        else:
            item_key = next(k for k in remaining if k not in done)
        done.add(item_key)
        order.append(by_key[item_key])
        for dependant in dependants.get(item_key, ()):
            wanted = waiting[dependant]
            if item_key in wanted:
                wanted.discard(item_key)
                if not wanted and dependant not in done:
                    heapq.heappush(ready, (position[dependant], dependant))
    return order


# --- text ---------------------------------------------------------------------------


def _one_or_many_lines(head: str, clauses: Seq[str]) -> str:
    """``head clause clause;`` on one line when short, else one clause per line."""
    one_line = " ".join([head, *clauses]) + ";"
    if len(one_line) <= LINE_WIDTH and "\n" not in one_line:
        return one_line
    return head + "".join(f"\n{INDENT}{clause}" for clause in clauses) + ";"


def _literal(text: str) -> str:
    # PostgreSQL text cannot hold NUL; everything else survives quote_literal unchanged.
    return quote_literal(text.replace("\x00", ""))
