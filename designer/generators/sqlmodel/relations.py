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


@dataclass(slots=True, unsafe_hash=True)  # as FieldPlan: made by the thousand, never changed
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


_Pair = tuple[Relationship, str, str]  # a foreign key, its one side's name, its many side's


@dataclass
class _Class:
    """One table's class, as the steps need it. A relationship looks its two tables up
    once: a ``QName`` hashes in Python code, and the steps would otherwise look a table up
    a dozen times per relationship."""

    name: str
    attributes: dict[str, str]  # column -> field attribute
    position: int  # in the module's class order
    namespace: py.Namespace  # the attribute names given so far, the fields' first
    pairs: list[_Pair] = field(default_factory=list)  # the foreign keys from this table
    relationships: list[RelationshipAttribute] = field(default_factory=list)

    def claim(self, wanted: str) -> str:
        return self.namespace.claim(py.attribute_name(wanted, "related"))

    def spelled(self, columns: tuple[str, ...]) -> tuple[str, ...]:
        """``Todo.user_id``: columns as the ORM's string arguments name them."""
        return tuple(f"{self.name}.{self.attributes[column]}" for column in columns)


@dataclass(frozen=True)
class _Shared:
    """What both sides of one foreign key say alike (worked out once for the two)."""

    foreign_keys: tuple[str, ...]  # when SQLAlchemy cannot choose the foreign key itself
    overlaps: tuple[str, ...]


def relationship_attributes(
    schema: Schema,
    class_names: dict[QName, str],
    fields: dict[QName, dict[str, str]],
    positions: dict[QName, int],
) -> dict[QName, tuple[RelationshipAttribute, ...]]:
    """Every table's relationship attributes, by table, in the schema's order."""
    classes = {}
    for qname, by_column in fields.items():
        namespace = py.attribute_namespace()
        namespace.taken.update(by_column.values())
        classes[qname] = _Class(class_names[qname], by_column, positions[qname], namespace)
    # Every name first: what a side says depends on the other foreign keys' names.
    sides: list[tuple[_Pair, _Class, _Class]] = []
    links_between: Counter[frozenset[int]] = Counter()  # by the two classes' positions
    for relationship in schema.relationships:
        source, target = classes[relationship.from_table], classes[relationship.to_table]
        one = source.claim(_one_name(relationship))
        many = target.claim(_many_name(relationship))
        sides.append(((relationship, one, many), source, target))
        source.pairs.append((relationship, one, many))
        links_between[frozenset({source.position, target.position})] += 1
    for (relationship, one, many), source, target in sides:
        # Another foreign key joins the same two tables: SQLAlchemy cannot choose.
        ambiguous = links_between[frozenset({source.position, target.position})] > 1
        shared = _Shared(
            foreign_keys=source.spelled(relationship.from_columns) if ambiguous else (),
            overlaps=_shared_column_overlaps(relationship, source.pairs),
        )
        source.relationships.append(_one_side(relationship, source, target, one, many, shared))
        target.relationships.append(_many_side(relationship, source, target, one, many, shared))
    for m2m in schema.many_to_many:
        _link_sides(classes, m2m)
    return {qname: tuple(table.relationships) for qname, table in classes.items()}


def _one_side(
    relationship: Relationship, source: _Class, target: _Class, one: str, many: str, shared: _Shared
) -> RelationshipAttribute:
    """``todo.user``: the row the foreign key points at."""
    return RelationshipAttribute(
        attribute=one,
        target=relationship.to_table,
        target_class=target.name,
        many=False,
        back_populates=many,
        defined_before=target.position < source.position,
        foreign_keys=shared.foreign_keys,
        remote_side=(
            target.spelled(relationship.to_columns) if relationship.is_self_reference else ()
        ),
        overlaps=shared.overlaps,
    )


def _many_side(
    relationship: Relationship, source: _Class, target: _Class, one: str, many: str, shared: _Shared
) -> RelationshipAttribute:
    """``user.todos``: the rows pointing here (one row for a one-to-one)."""
    return RelationshipAttribute(
        attribute=many,
        target=relationship.from_table,
        target_class=source.name,
        many=relationship.kind is RelationshipKind.ONE_TO_MANY,
        back_populates=one,
        defined_before=source.position < target.position,
        cascade_delete=relationship.on_delete is Action.CASCADE,
        passive_deletes=_passive_deletes(relationship.on_delete),
        foreign_keys=shared.foreign_keys,
        single=relationship.kind is RelationshipKind.ONE_TO_ONE,
        overlaps=shared.overlaps,
    )


def _link_sides(classes: dict[QName, _Class], m2m: ManyToMany) -> None:
    """``post.tags`` and ``tag.posts`` through the junction's link model."""
    left, right, through = classes[m2m.left], classes[m2m.right], classes[m2m.through]
    left_name = left.claim(m2m.left_attribute or py.relation_names(m2m.right.name)[1])
    right_name = right.claim(m2m.right_attribute or py.relation_names(m2m.left.name)[1])
    overlaps = _link_overlaps(through.pairs)
    sides = (
        (left, left_name, m2m.right, right, right_name),
        (right, right_name, m2m.left, left, left_name),
    )
    for side, attribute, other_table, other, back in sides:
        side.relationships.append(
            RelationshipAttribute(
                attribute=attribute,
                target=other_table,
                target_class=other.name,
                many=True,
                back_populates=back,
                defined_before=other.position < side.position,
                link_model=through.name,
                overlaps=overlaps,
            )
        )


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


def _shared_column_overlaps(relationship: Relationship, pairs: list[_Pair]) -> tuple[str, ...]:
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


def _link_overlaps(pairs: list[_Pair]) -> tuple[str, ...]:
    """The link table's own relationships (``pairs``), which write the same rows as the link."""
    names = [name for _, one, many in pairs for name in (one, many)]
    return tuple(dict.fromkeys(names))
