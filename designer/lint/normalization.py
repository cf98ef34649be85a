"""Normalization hints: repeating groups, facts stored twice, lists where a table belongs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from designer.schema.model import Column, Table
from designer.schema.types import TYPES, Category
from designer.schema.words import plural, singular

from .context import Context
from .findings import Issue, Severity, Target
from .registry import rule
from .vocabulary import GENERIC_LAST_WORDS, QUALIFIER_WORDS, alphabetic, words

_NUMBERED = re.compile(r"(?P<stem>.*?[^\W\d_])_?(?P<number>\d+)", re.UNICODE)
# Address lines are the conventional exception: a fixed, small, ordered pair.
_CONVENTIONAL_STEMS = frozenset({"address_line", "addressline", "line", "street", "address"})
_ID_ELEMENTS = frozenset({"uuid", "smallint", "integer", "bigint"})


def _stem(name: str) -> tuple[str, int] | None:
    match = _NUMBERED.fullmatch(name)
    if match is None:
        return None
    return match["stem"].rstrip("_"), int(match["number"])


@rule(
    "repeating-group",
    title="A repeating group of columns (phone1, phone2...).",
    strict=Severity.INFO,
    relaxed=Severity.INFO,
)
def repeating_group(context: Context, table: Table) -> Iterator[Issue]:
    groups: dict[str, list[Column]] = {}
    for column in table.columns:
        found = _stem(column.name)
        if found is not None and found[0].lower() not in _CONVENTIONAL_STEMS:
            groups.setdefault(found[0], []).append(column)
    for stem, numbered in groups.items():
        bare = table.columns_by_name.get(stem)
        members = ([bare] if bare is not None else []) + numbered
        if len(members) < 2:
            continue
        listed = ", ".join(column.name for column in members)
        yield Issue(
            message=f"{table.name} has a repeating group: {listed}.",
            why=(
                "Numbered columns cap how many values a row can have, leave most of them "
                f"NULL, and make 'find by {stem}' a query over every copy. They are rows of "
                "another table (first normal form)."
            ),
            fix=(
                f"Move {stem} to its own table ({table.name}_{plural(stem)}: "
                f"{singular(table.name)}_id, {stem}, and a position or kind), one row per value."
            ),
            target=Target(table=table.id, columns=tuple(column.id for column in members)),
        )


# --- the same fact in several tables ------------------------------------------------------


def _copied_from(context: Context, table: Table, column: Column) -> tuple[Table, str] | None:
    """The table and column that ``<entity>_<attribute>`` copies, when the schema has it."""
    found = words(column.name)
    if len(found) < 2:
        return None
    for owner in context.tables_by_singular.get(found[0], []):
        attribute = "_".join(found[1:])
        if (
            owner.id != table.id
            and attribute in owner.columns_by_name
            and attribute not in context.key_columns(owner)
        ):
            return owner, attribute
    return None


def _entity_like(name: str) -> bool:
    """Whether a compound name starts with a noun naming something else (customer_email)."""
    found = alphabetic(name)
    return (
        len(found) >= 2 and found[0] not in QUALIFIER_WORDS and found[-1] not in GENERIC_LAST_WORDS
    )


def _elsewhere(context: Context, table: Table, name: str, shown: int = 3) -> str:
    """The other tables with a plain column ``name``, the first few named."""
    tables = context.tables_by_plain_column.get(name, [])
    others = [other for other in tables[: shown + 1] if other.id != table.id][:shown]
    text = ", ".join(f"{other.name}.{name}" for other in others)
    more = len(tables) - 1 - len(others)
    return f"{text} and {more} more" if others and more > 0 else text


@rule(
    "column-duplicated",
    title="The same non-key column in several tables (customer_email in orders and invoices).",
    strict=Severity.INFO,
    relaxed=None,
)
def duplicated(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        if not context.plain(table, column.name):
            continue
        copied = _copied_from(context, table, column)
        if copied is not None:
            owner, attribute = copied
            elsewhere = f"{owner.name}.{attribute}"
            fix = (
                f"Reference {owner.name} ({singular(owner.name)}_id) and read {attribute} "
                "from there, unless this is a deliberate snapshot (then say so in its "
                "description)."
            )
        else:
            if not _entity_like(column.name):
                continue
            elsewhere = _elsewhere(context, table, column.name)
            if not elsewhere:
                continue
            entity = alphabetic(column.name)[0]
            fix = (
                f"Store it once, in the table of the {entity} it describes, and reference "
                "that table from here."
            )
        yield Issue(
            message=f"{table.name}.{column.name} repeats {elsewhere}.",
            why=(
                "A fact stored in two places will disagree as soon as one copy is updated "
                "and the other is not (an update anomaly; third normal form)."
            ),
            fix=fix,
            target=Target(table=table.id, columns=(column.id,)),
        )


# --- lists of ids --------------------------------------------------------------------------


def _list_of_ids(context: Context, column: Column) -> str | None:
    """How ``column`` holds several references, or None."""
    found = words(column.name)
    info = TYPES.get(column.type.base)
    if not found or info is None:
        return None
    named_ids = found[-1] == "ids"
    if column.type.array and column.type.base in _ID_ELEMENTS:
        if named_ids:
            return "an array of ids"
        referenced = context.tables_by_singular.get(singular("_".join(found)).lower(), [])
        if referenced and referenced[0].name == column.name:
            return f"an array of {referenced[0].name} ids"
    if named_ids and not column.type.array and info.category is Category.STRING:
        return "ids in a string (a comma-separated list)"
    return None


@rule(
    "many-to-many-without-junction",
    title="A many-to-many held as a list of ids (tag_ids uuid[], or ids in a comma-separated "
    "string) instead of a junction table.",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def without_junction(context: Context, table: Table) -> Iterator[Issue]:
    for column in table.columns:
        how = _list_of_ids(context, column)
        if how is None:
            continue
        found = words(column.name)
        other = ("_".join(found[:-1]) if found[-1] == "ids" else singular(column.name)) or "item"
        other_table = plural(other)
        yield Issue(
            message=f"{table.name}.{column.name} holds {how}: a many-to-many without a junction "
            "table.",
            why=(
                "PostgreSQL cannot put a foreign key on the elements of an array or on the "
                "parts of a string: ids of deleted rows stay behind, and finding the rows "
                "that reference a given one needs a scan or a special index."
            ),
            fix=(
                f"Create a junction table {table.name}_{other_table} "
                f"({singular(table.name)}_id, {other}_id) with both foreign keys "
                "(ON DELETE CASCADE), a primary key on the pair and an index on the second "
                "column; then drop this column."
            ),
            target=Target(table=table.id, columns=(column.id,)),
        )
