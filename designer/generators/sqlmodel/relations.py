"""Relationship attributes: both sides of every foreign key, and many-to-many link models.

For a relationship from ``todos`` to ``users`` the referencing class gets the one row it
points at (``todo.user``) and the referenced class the rows pointing at it
(``user.todos``; a single row for one-to-one), each naming the other in
``back_populates``. A many-to-many relationship gives each side a list of the other
through the junction's link model.

What SQLAlchemy cannot guess is said explicitly: ``foreign_keys`` when two tables are
joined by more than one foreign key, ``remote_side`` on the many-to-one side of a
self-reference, ``uselist=False`` for the single side of a one-to-one. The collection
side follows the foreign key's ON DELETE so that the ORM never contradicts the
database: CASCADE deletes the loaded rows with their parent (``cascade_delete``), SET
NULL lets PostgreSQL clear the key (``passive_deletes=True``), and RESTRICT, NO ACTION or
SET DEFAULT leave the rows alone for PostgreSQL to refuse or reset
(``passive_deletes="all"``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from designer.schema.model import (
    Action,
    ManyToMany,
    QName,
    Relationship,
    RelationshipKind,
    Schema,
)

from . import names as py


@dataclass(frozen=True)
class RelationshipAttribute:
    """One ``name: annotation = Relationship(...)`` line of a table class."""

    attribute: str
    target: QName
    target_class: str
    many: bool  # a list of rows
    back_populates: str
    defined_before: bool  # the target class exists when this line runs
    cascade_delete: bool = False
    passive_deletes: str | None = None  # "True" or '"all"'
    foreign_keys: tuple[str, ...] = ()  # "Todo.user_id"
    remote_side: tuple[str, ...] = ()
    single: bool = False  # uselist=False
    link_model: str | None = None
    overlaps: tuple[str, ...] = ()


@dataclass
class _Context:
    """What every step needs: class and field names, class order, the claimed names."""

    schema: Schema
    class_names: dict[QName, str]
    fields: dict[QName, dict[str, str]]  # table -> column -> attribute
    positions: dict[QName, int]
    namespaces: dict[QName, py.Namespace]
    pairs: list[tuple[Relationship, str, str]]  # (foreign key, its one side, its many side)
    # Filled once every pair is known, so that no step scans all pairs per relationship.
    links_between: Counter[frozenset[QName]] = field(default_factory=Counter)
    pairs_from: dict[QName, list[tuple[Relationship, str, str]]] = field(default_factory=dict)

    def index_pairs(self) -> None:
        for pair in self.pairs:
            relationship = pair[0]
            self.links_between[frozenset({relationship.from_table, relationship.to_table})] += 1
            self.pairs_from.setdefault(relationship.from_table, []).append(pair)

    def claim(self, table: QName, wanted: str) -> str:
        return self.namespaces[table].claim(py.attribute_name(wanted, "related"))

    def before(self, first: QName, second: QName) -> bool:
        return self.positions[first] < self.positions[second]

    def spelled(self, table: QName, columns: tuple[str, ...]) -> tuple[str, ...]:
        """``Todo.user_id``: columns as the ORM's string arguments name them."""
        return tuple(f"{self.class_names[table]}.{self.fields[table][c]}" for c in columns)


def relationship_attributes(
    schema: Schema,
    class_names: dict[QName, str],
    fields: dict[QName, dict[str, str]],
    positions: dict[QName, int],
) -> dict[QName, tuple[RelationshipAttribute, ...]]:
    """Every table's relationship attributes, by table, in the schema's order."""
    namespaces = {}
    for qname, by_column in fields.items():
        namespaces[qname] = py.attribute_namespace()
        namespaces[qname].taken.update(by_column.values())
    context = _Context(schema, class_names, fields, positions, namespaces, [])
    for relationship in schema.relationships:
        one = context.claim(relationship.from_table, _one_name(relationship))
        many = context.claim(relationship.to_table, _many_name(relationship))
        context.pairs.append((relationship, one, many))
    context.index_pairs()
    result: dict[QName, list[RelationshipAttribute]] = {qname: [] for qname in fields}
    for relationship, one, many in context.pairs:
        result[relationship.from_table].append(_one_side(context, relationship, one, many))
        result[relationship.to_table].append(_many_side(context, relationship, one, many))
    for m2m in schema.many_to_many:
        for side, attribute in _link_sides(context, m2m):
            result[side].append(attribute)
    return {qname: tuple(items) for qname, items in result.items()}


def _ambiguous(context: _Context, relationship: Relationship) -> bool:
    """Whether another foreign key joins the same two tables (SQLAlchemy cannot choose)."""
    return context.links_between[frozenset({relationship.from_table, relationship.to_table})] > 1


def _one_side(
    context: _Context, relationship: Relationship, one: str, many: str
) -> RelationshipAttribute:
    """``todo.user``: the row the foreign key points at."""
    source, target = relationship.from_table, relationship.to_table
    keys = context.spelled(source, relationship.from_columns)
    return RelationshipAttribute(
        attribute=one,
        target=target,
        target_class=context.class_names[target],
        many=False,
        back_populates=many,
        defined_before=context.before(target, source),
        foreign_keys=keys if _ambiguous(context, relationship) else (),
        remote_side=(
            context.spelled(target, relationship.to_columns)
            if relationship.is_self_reference
            else ()
        ),
        overlaps=_shared_column_overlaps(
            relationship, context.pairs_from.get(relationship.from_table, [])
        ),
    )


def _many_side(
    context: _Context, relationship: Relationship, one: str, many: str
) -> RelationshipAttribute:
    """``user.todos``: the rows pointing here (one row for a one-to-one)."""
    source, target = relationship.from_table, relationship.to_table
    keys = context.spelled(source, relationship.from_columns)
    return RelationshipAttribute(
        attribute=many,
        target=source,
        target_class=context.class_names[source],
        many=relationship.kind is RelationshipKind.ONE_TO_MANY,
        back_populates=one,
        defined_before=context.before(source, target),
        cascade_delete=relationship.on_delete is Action.CASCADE,
        passive_deletes=_passive_deletes(relationship.on_delete),
        foreign_keys=keys if _ambiguous(context, relationship) else (),
        single=relationship.kind is RelationshipKind.ONE_TO_ONE,
        overlaps=_shared_column_overlaps(
            relationship, context.pairs_from.get(relationship.from_table, [])
        ),
    )


def _link_sides(context: _Context, m2m: ManyToMany) -> list[tuple[QName, RelationshipAttribute]]:
    """``post.tags`` and ``tag.posts`` through the junction's link model."""
    left = context.claim(m2m.left, m2m.left_attribute or py.relation_names(m2m.right.name)[1])
    right = context.claim(m2m.right, m2m.right_attribute or py.relation_names(m2m.left.name)[1])
    overlaps = _link_overlaps(m2m.through, context.pairs)
    sides = ((m2m.left, left, m2m.right, right), (m2m.right, right, m2m.left, left))
    return [
        (
            side,
            RelationshipAttribute(
                attribute=attribute,
                target=other,
                target_class=context.class_names[other],
                many=True,
                back_populates=back,
                defined_before=context.before(other, side),
                link_model=context.class_names[m2m.through],
                overlaps=overlaps,
            ),
        )
        for side, attribute, other, back in sides
    ]


def _passive_deletes(action: Action) -> str:
    if action in {Action.CASCADE, Action.SET_NULL}:
        return "True"
    return '"all"'


def _one_name(relationship: Relationship) -> str:
    """``todo.user``: the model's name, else the key column without ``_id``, else the table."""
    if relationship.from_attribute:
        return relationship.from_attribute
    if len(relationship.from_columns) == 1:
        column = py.snake(relationship.from_columns[0])
        if column.endswith("_id") and len(column) > 3:
            stem = column[: -len("_id")]
            return py.relation_names(stem)[0]
    return py.relation_names(relationship.to_table.name)[0]


def _many_name(relationship: Relationship) -> str:
    """``user.todos``: the model's name, else the referencing table's (plural) name."""
    if relationship.to_attribute:
        return relationship.to_attribute
    one, many = py.relation_names(relationship.from_table.name)
    return many if relationship.kind is RelationshipKind.ONE_TO_MANY else one


def _shared_column_overlaps(
    relationship: Relationship, pairs: list[tuple[Relationship, str, str]]
) -> tuple[str, ...]:
    """Relationships whose foreign keys share a column with this one's: both write it.

    ``pairs`` are the relationships from the same table.
    """
    columns = set(relationship.from_columns)
    return tuple(
        name
        for other, one, many in pairs
        if other.id != relationship.id and columns & set(other.from_columns)
        for name in (one, many)
    )


def _link_overlaps(through: QName, pairs: list[tuple[Relationship, str, str]]) -> tuple[str, ...]:
    """The link table's own relationships, which write the same rows as the link."""
    names = [name for rel, one, many in pairs if rel.from_table == through for name in (one, many)]
    return tuple(dict.fromkeys(names))
