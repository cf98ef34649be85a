"""Hypothesis strategies for valid schemas, shared by every property test.

``schemas()`` draws a ``Schema`` that ``validate`` accepts and PostgreSQL should take:
every registry type (with and without parameters), arrays and enum types, both key
strategies and composite keys, every ON DELETE / ON UPDATE action, self-references and
cycles, one-to-one / one-to-many / many-to-many, unique and check constraints, partial,
expression, DESC, gin, hash and brin indexes, INCLUDE columns, comments, several
PostgreSQL schemas, and names that are reserved words, mixed case, unicode or need quotes.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from hypothesis import strategies as st

from designer.schema.model import (
    Action,
    CheckConstraint,
    Column,
    ColumnType,
    Deferral,
    Domain,
    EnumType,
    Generated,
    Index,
    IndexElement,
    IndexMethod,
    KeyStrategy,
    ManyToMany,
    NullsOrder,
    ObjectKind,
    PrimaryKey,
    QName,
    Relationship,
    RelationshipKind,
    Schema,
    Sequence,
    SqlObject,
    Table,
    UniqueConstraint,
    Validation,
)
from designer.schema.sqltext import qualified, quote_ident, quote_literal
from designer.schema.types import TYPES, Category, Params, index_methods

PLAIN_WORDS = [
    "users", "account", "orders", "item", "tag", "note", "status", "name", "email", "code",
    "title", "amount", "price", "created", "label", "kind", "score", "payload", "team",
    "project", "event", "slug", "phone", "owner", "parent", "value", "rank", "level",
]  # fmt: skip
AWKWARD_NAMES = [
    "order", "user", "select", "group", "table", "check", "default", "class", "end", "to",
    "one", "many", "style", "metadata", "from", "pk", "fk", "uk", "type", "id_",
    "UserAccount", "CamelCase", "MixedCase", "café", "名前", "naïve_name", "my table",
    'quote"d', "1st_place", "with-dash", "percent%", "$dollar", "ümlaut", "Ωmega",
]  # fmt: skip
SCHEMA_NAMES = ["public", "public", "public", "sales", "Audit Log"]

# Types that have a btree equality operator, so they can be keys, unique or referenced.
KEYABLE = [key for key in TYPES if "btree" in index_methods(key)]

_DEFAULTS: dict[str, list[str]] = {
    "uuid": ["gen_random_uuid()"],
    "smallint": ["0", "1"],
    "integer": ["0", "42", "-1"],
    "bigint": ["0"],
    "numeric": ["0"],
    "real": ["0", "1.5"],
    "double precision": ["0"],
    "money": ["0"],
    "boolean": ["true", "false"],
    "varchar": ["''", "'x'", "'it''s'"],
    "char": ["'x'"],
    "text": ["''", "'n/a'"],
    "date": ["CURRENT_DATE"],
    "time": ["'12:00'"],
    "timetz": ["CURRENT_TIME"],
    "timestamp": ["now()", "CURRENT_TIMESTAMP"],
    "timestamptz": ["now()"],
    "interval": ["'1 day'"],
    "json": ["'{}'"],
    "jsonb": ["'{}'::jsonb", "'[]'"],
    "bytea": ["''::bytea"],
    "inet": ["'127.0.0.1'"],
    "cidr": ["'10.0.0.0/8'"],
    "macaddr": ["'08:00:2b:01:02:03'"],
    "bit": [],
    "varbit": [],
    "tsvector": ["''"],
    "xml": [],
}


def new_id() -> str:
    return str(uuid.uuid4())


def _names(draw, count: int, *, awkward: float = 0.3) -> list[str]:
    """``count`` distinct identifiers, some of them awkward."""
    chosen: list[str] = []
    while len(chosen) < count:
        if draw(st.floats(0, 1)) < awkward:
            name = draw(st.sampled_from(AWKWARD_NAMES))
        else:
            name = draw(st.sampled_from(PLAIN_WORDS))
            if draw(st.booleans()):
                name = f"{name}_{draw(st.integers(1, 99))}"
        if name not in chosen and name not in {"id", "created_at", "updated_at"}:
            chosen.append(name)
    return chosen


def _descriptions():
    return st.one_of(
        st.just(""),
        st.sampled_from(["Primary record.", "It's quoted: 'x' and \"y\".", "Unicode: café ✓"]),
        st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=30),
    )


@st.composite
def column_types(draw, enums: tuple[EnumType, ...] = (), keyable: bool = False) -> ColumnType:
    choices = list(KEYABLE if keyable else TYPES)
    if enums:
        choices.append("enum")
    base = draw(st.sampled_from(choices))
    array = draw(st.booleans()) if not keyable else draw(st.sampled_from([False] * 4 + [True]))
    if base == "enum":
        enum = draw(st.sampled_from(enums))
        return ColumnType("enum", enum=enum.qname, array=array)
    info = TYPES[base]
    length = precision = scale = None
    if info.params is Params.LENGTH:
        length = draw(st.one_of(st.none(), st.integers(1, 300)))
    elif info.params is Params.PRECISION_SCALE and draw(st.booleans()):
        precision = draw(st.integers(1, 20))
        scale = draw(st.one_of(st.none(), st.integers(0, precision)))
    elif info.params is Params.FRACTIONAL_SECONDS and draw(st.booleans()):
        precision = draw(st.integers(0, 6))
    return ColumnType(base, length=length, precision=precision, scale=scale, array=array)


def _default_for(draw, column_type: ColumnType, enums: dict[QName, EnumType]) -> str | None:
    if not draw(st.booleans()):
        return None
    if column_type.array:
        return "'{}'"
    if column_type.is_enum:
        assert column_type.enum is not None
        return quote_literal(draw(st.sampled_from(enums[column_type.enum].values)))
    options = _DEFAULTS[column_type.base]
    if column_type.base == "char" and column_type.length is None:
        options = ["'x'"]
    return draw(st.sampled_from(options)) if options else None


def _check_for(draw, name: str, column_type: ColumnType) -> str | None:
    if column_type.array or column_type.is_enum or not draw(st.booleans()):
        return None
    info = TYPES[column_type.base]
    ident = quote_ident(name)
    if info.category is Category.INTEGER or column_type.base in {"numeric", "real"}:
        return f"{ident} >= 0"
    if info.category is Category.STRING:
        return f"char_length({ident}) > 0"
    return None


@st.composite
def columns(draw, count: int, enums: tuple[EnumType, ...], taken: set[str]) -> list[Column]:
    by_name = {enum.qname: enum for enum in enums}
    result = []
    for name in _names(draw, count):
        if name in taken:
            continue
        taken.add(name)
        column_type = draw(column_types(enums))
        keyable = column_type.base in KEYABLE or column_type.is_enum
        info = TYPES.get(column_type.base)
        validation = Validation()
        if info is not None and info.category is Category.STRING and draw(st.booleans()):
            validation = Validation(min_length=draw(st.sampled_from([None, 1])), max_length=50)
        elif info is not None and info.category is Category.INTEGER and draw(st.booleans()):
            validation = Validation(ge="0", le="1000")
        result.append(
            Column(
                id=new_id(),
                name=name,
                type=column_type,
                nullable=draw(st.booleans()),
                default=_default_for(draw, column_type, by_name),
                unique=keyable and not column_type.array and draw(st.integers(0, 5)) == 0,
                check=_check_for(draw, name, column_type),
                description=draw(_descriptions()),
                sensitive=draw(st.integers(0, 6)) == 0,
                validation=validation if not column_type.array else Validation(),
            )
        )
    return result


def _key_columns(draw, strategy: str, enums: tuple[EnumType, ...]) -> tuple[list[Column], tuple]:
    if strategy == "uuid":
        key = Column(
            new_id(), "id", ColumnType("uuid"), nullable=False, default="gen_random_uuid()"
        )
        return [key], ("id",)
    if strategy == "identity":
        generated = draw(
            st.sampled_from(
                [Generated.IDENTITY_BY_DEFAULT, Generated.IDENTITY_ALWAYS, Generated.SERIAL]
            )
        )
        base = draw(st.sampled_from(["bigint", "integer", "smallint"]))
        return [Column(new_id(), "id", ColumnType(base), nullable=False, generated=generated)], (
            "id",
        )
    # a composite natural key
    first = Column(new_id(), "id", ColumnType("integer"), nullable=False)
    second_type = draw(column_types(enums, keyable=True))
    second = Column(new_id(), "key_part", replace(second_type, array=False), nullable=False)
    return [first, second], ("id", "key_part")


@st.composite
def tables(draw, name: str, schema_name: str, enums: tuple[EnumType, ...]) -> Table:
    strategy = draw(st.sampled_from(["uuid", "uuid", "identity", "composite", "none"]))
    if strategy == "none":
        key_columns, pk = [], ()
    else:
        key_columns, pk = _key_columns(draw, strategy, enums)
    taken = {column.name for column in key_columns}
    body = draw(columns(draw(st.integers(1, 5)), enums, taken))
    all_columns = key_columns + body
    timestamps = draw(st.booleans())
    if timestamps:
        for stamp in ("created_at", "updated_at"):
            all_columns.append(
                Column(new_id(), stamp, ColumnType("timestamptz"), nullable=False, default="now()")
            )
    if not all_columns:
        all_columns = [Column(new_id(), "value", ColumnType("text"))]
    table = Table(
        id=new_id(),
        schema=schema_name,
        name=name,
        description=draw(_descriptions()),
        # Sometimes the columns are there without the trigger convention.
        timestamps=timestamps and draw(st.sampled_from([True, True, False])),
        columns=tuple(all_columns),
        primary_key=PrimaryKey(pk, draw(st.sampled_from([None, None, f"{name}_pkey"])))
        if pk
        else None,
    )
    return replace(
        table,
        uniques=tuple(draw(_uniques(table))),
        checks=tuple(draw(_checks(table))),
        indexes=tuple(draw(_indexes(table))),
    )


def _supports(column: Column, method: str) -> bool:
    return method in index_methods(column.type.base, array=column.type.array)


def _btree_able(column: Column) -> bool:
    return not column.type.array and _supports(column, "btree")


@st.composite
def _uniques(draw, table: Table) -> list[UniqueConstraint]:
    candidates = [column.name for column in table.columns if _btree_able(column)]
    if len(candidates) < 2 or draw(st.integers(0, 3)) != 0:
        return []
    picked = draw(st.lists(st.sampled_from(candidates), min_size=2, max_size=3, unique=True))
    return [
        UniqueConstraint(
            new_id(),
            tuple(picked),
            name=draw(st.sampled_from([None, None, f"{table.name}_natural_key"])),
            nulls_not_distinct=draw(st.booleans()),
        )
    ]


@st.composite
def _checks(draw, table: Table) -> list[CheckConstraint]:
    numeric = [
        column.name
        for column in table.columns
        if not column.type.array
        and column.type.base in {"smallint", "integer", "bigint", "numeric", "real"}
    ]
    if len(numeric) < 2 or not draw(st.booleans()):
        return []
    a, b = draw(st.lists(st.sampled_from(numeric), min_size=2, max_size=2, unique=True))
    expression = f"{quote_ident(a)} <= {quote_ident(b)} OR {quote_ident(b)} IS NULL"
    return [CheckConstraint(new_id(), expression, name=draw(st.sampled_from([None, "ck_order"])))]


@st.composite
def _indexes(draw, table: Table) -> list[Index]:
    result = []
    btree = [column for column in table.columns if _btree_able(column)]
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["btree", "btree", "expression", "gin", "hash", "brin"]))
        index = None
        if kind == "btree" and btree:
            keys = draw(st.lists(st.sampled_from(btree), min_size=1, max_size=3, unique=True))
            others = [c.name for c in btree if c not in keys]
            index = Index(
                new_id(),
                tuple(
                    IndexElement(
                        column=column.name,
                        descending=draw(st.booleans()),
                        nulls=draw(st.sampled_from(list(NullsOrder))),
                    )
                    for column in keys
                ),
                unique=draw(st.integers(0, 3)) == 0,
                where=f"{quote_ident(keys[0].name)} IS NOT NULL" if draw(st.booleans()) else None,
                include=tuple(others[:1]) if others and draw(st.booleans()) else (),
                rationale=draw(st.sampled_from(["", "Speeds up the list page."])),
            )
        elif kind == "expression":
            texts = [
                c for c in table.columns if not c.type.array and c.type.base in {"varchar", "text"}
            ]
            if texts:
                column = draw(st.sampled_from(texts))
                index = Index(
                    new_id(),
                    (IndexElement(expression=f"lower({quote_ident(column.name)})"),),
                    unique=draw(st.booleans()),
                )
        elif kind == "gin":
            gin = [c for c in table.columns if _supports(c, "gin")]
            if gin:
                column = draw(st.sampled_from(gin))
                index = Index(new_id(), (IndexElement(column=column.name),), method=IndexMethod.GIN)
        elif kind == "hash":
            hashable = [c for c in table.columns if not c.type.array and _supports(c, "hash")]
            if hashable:
                column = draw(st.sampled_from(hashable))
                index = Index(
                    new_id(), (IndexElement(column=column.name),), method=IndexMethod.HASH
                )
        elif kind == "brin":
            ordered = [c for c in table.columns if not c.type.array and _supports(c, "brin")]
            if ordered:
                column = draw(st.sampled_from(ordered))
                index = Index(
                    new_id(), (IndexElement(column=column.name),), method=IndexMethod.BRIN
                )
        if index is not None:
            if draw(st.integers(0, 4)) == 0:
                index = replace(index, name=f"{table.name}_custom_idx_{len(result)}")
            result.append(index)
    return result


def _referenceable(table: Table) -> list[tuple[str, ...]]:
    """Column sets of ``table`` a foreign key may reference."""
    sets = []
    if table.primary_key is not None:
        sets.append(table.primary_key.columns)
    sets += [(column.name,) for column in table.columns if column.unique]
    return sets


@st.composite
def schemas(
    draw, max_tables: int = 5, key_strategy: KeyStrategy | None = None, objects: bool = False
) -> Schema:
    """A valid schema; with ``objects``, also the objects of issue 16 (``with_objects``):
    without it, the same examples as before they existed."""
    enum_names = _names(draw, draw(st.integers(0, 2)))
    enums = tuple(
        EnumType(
            new_id(),
            name,
            tuple(
                draw(
                    st.lists(
                        st.sampled_from(["draft", "active", "done", "it's", "Mixed Case", "ü"]),
                        min_size=1,
                        max_size=4,
                        unique=True,
                    )
                )
            ),
            schema=draw(st.sampled_from(SCHEMA_NAMES)),
            description=draw(_descriptions()),
        )
        for name in enum_names
    )
    table_names = _names(draw, draw(st.integers(1, max_tables)))
    # A table may not share its schema and name with an enum type.
    enum_qnames = {enum.qname for enum in enums}
    drawn: list[Table] = []
    for name in table_names:
        schema_name = draw(st.sampled_from(SCHEMA_NAMES))
        if QName(schema_name, name) in enum_qnames:
            continue
        drawn.append(draw(tables(name, schema_name, enums)))

    relationships: list[Relationship] = []
    tables_by_name = {table.qname: table for table in drawn}
    for _ in range(draw(st.integers(0, len(drawn) + 1))):
        if not drawn:
            break
        source = tables_by_name[draw(st.sampled_from(list(tables_by_name)))]
        target = tables_by_name[draw(st.sampled_from(list(tables_by_name)))]
        options = _referenceable(target)
        if not options:
            continue
        referenced = draw(st.sampled_from(options))
        kind = draw(st.sampled_from(list(RelationshipKind)))
        on_delete = draw(st.sampled_from(list(Action)))
        on_update = draw(st.sampled_from(list(Action)))
        nullable = on_delete is Action.SET_NULL or draw(st.booleans())
        new_columns = []
        from_names = []
        for to_name in referenced:
            base_name = f"{target.name}_{to_name}"[:50]
            name = base_name
            counter = 2
            while name in source.columns_by_name or name in from_names:
                name = f"{base_name}_{counter}"
                counter += 1
            to_type = target.column(to_name).type
            new_columns.append(
                Column(
                    new_id(),
                    name,
                    to_type,
                    nullable=nullable,
                    unique=kind is RelationshipKind.ONE_TO_ONE and len(referenced) == 1,
                )
            )
            from_names.append(name)
        source = replace(source, columns=source.columns + tuple(new_columns))
        if kind is RelationshipKind.ONE_TO_ONE and len(referenced) > 1:
            source = replace(
                source, uniques=(*source.uniques, UniqueConstraint(new_id(), tuple(from_names)))
            )
        if on_delete is Action.SET_DEFAULT or on_update is Action.SET_DEFAULT:
            pass  # a SET DEFAULT without a default sets NULL; PostgreSQL accepts it
        tables_by_name[source.qname] = source
        if source.qname == target.qname:
            target = source
        if draw(st.booleans()):
            source = replace(
                source,
                indexes=(
                    *source.indexes,
                    Index(new_id(), tuple(IndexElement(column=n) for n in from_names)),
                ),
            )
            tables_by_name[source.qname] = source
        relationships.append(
            Relationship(
                id=new_id(),
                from_table=source.qname,
                from_columns=tuple(from_names),
                to_table=target.qname,
                to_columns=referenced,
                name=draw(st.sampled_from([None, None, None, f"{source.name}_ref_fkey"]))
                if len(relationships) == 0
                else None,
                kind=kind,
                on_delete=on_delete,
                on_update=on_update,
                deferral=draw(st.sampled_from(list(Deferral))),
                from_attribute=draw(st.sampled_from([None, None, "parent", "metadata", "class"])),
                to_attribute=draw(st.sampled_from([None, None, "children", "items"])),
            )
        )

    many_to_many: list[ManyToMany] = []
    single_key = [
        table
        for table in tables_by_name.values()
        if table.primary_key is not None and len(table.primary_key.columns) == 1
    ]
    if len(single_key) >= 2 and draw(st.booleans()):
        left, right = draw(
            st.lists(
                st.sampled_from(single_key), min_size=2, max_size=2, unique_by=lambda t: t.qname
            )
        )
        junction_name = f"{left.name}_{right.name}_link"[:60]
        junction_qname = QName("public", junction_name)
        if junction_qname not in tables_by_name and junction_qname not in enum_qnames:
            left_key = left.column(left.primary_key.columns[0])
            right_key = right.column(right.primary_key.columns[0])
            junction = Table(
                id=new_id(),
                name=junction_name,
                columns=(
                    Column(
                        new_id(), "left_id", replace(left_key.type, array=False), nullable=False
                    ),
                    Column(
                        new_id(), "right_id", replace(right_key.type, array=False), nullable=False
                    ),
                ),
                primary_key=PrimaryKey(("left_id", "right_id")),
                indexes=(Index(new_id(), (IndexElement(column="right_id"),)),),
            )
            tables_by_name[junction_qname] = junction
            for column, side in (("left_id", left), ("right_id", right)):
                relationships.append(
                    Relationship(
                        id=new_id(),
                        from_table=junction_qname,
                        from_columns=(column,),
                        to_table=side.qname,
                        to_columns=side.primary_key.columns,
                        on_delete=Action.CASCADE,
                    )
                )
            many_to_many.append(
                ManyToMany(
                    new_id(),
                    left.qname,
                    right.qname,
                    junction_qname,
                    left_attribute=draw(st.sampled_from([None, "linked"])),
                    right_attribute=None,
                )
            )

    schema = Schema(
        name=draw(st.sampled_from(["Shop", "Blog", "Test schema"])),
        description=draw(_descriptions()),
        pg_version=15,
        key_strategy=key_strategy or draw(st.sampled_from(list(KeyStrategy))),
        timestamps_default=draw(st.booleans()),
        extensions=draw(st.sampled_from([(), (), (), ("pg_trgm",), ("btree_gist", "uuid-ossp")])),
        enums=enums,
        tables=tuple(tables_by_name.values()),
        relationships=tuple(relationships),
        many_to_many=tuple(many_to_many),
    )
    return draw(with_objects(schema)) if objects else schema


# --- the objects around the tables (issue 16): opt in with schemas(objects=True) -------


def _free_name(draw, prefix: str, taken: set[QName], schema_name: str) -> QName:
    """A name with ``prefix`` that no relation or type of ``schema_name`` has."""
    while True:
        word = draw(st.sampled_from([*PLAIN_WORDS, "My Thing", "order", "café"]))
        name = QName(schema_name, f"{prefix}{word}_{draw(st.integers(1, 9))}")
        if name not in taken:
            taken.add(name)
            return name


def _literal_name(name: QName) -> str:
    """``name`` as the text inside ``nextval('...')``."""
    return quote_literal(f"{quote_ident(name.schema)}.{quote_ident(name.name)}")


@st.composite
def domains(draw, taken: set[QName], enums: tuple[EnumType, ...] = ()) -> Domain:
    """A domain over an integer, a text or an enum type, with a default, NOT NULL and
    checks (some named, some NOT VALID) that its default satisfies."""
    qname = _free_name(draw, "dom_", taken, draw(st.sampled_from(SCHEMA_NAMES)))
    kind = draw(
        st.sampled_from(["integer", "numeric", "varchar", "text"] + (["enum"] if enums else []))
    )
    checks: list[CheckConstraint] = []
    default = None
    if kind == "enum":
        enum = draw(st.sampled_from(enums))
        base = ColumnType("enum", enum=enum.qname)
        if draw(st.booleans()):
            default = quote_literal(enum.values[0])
    elif kind in {"integer", "numeric"}:
        base = ColumnType(kind, precision=12, scale=2) if kind == "numeric" else ColumnType(kind)
        default = draw(st.sampled_from([None, "0", "7"]))
        checks.append(CheckConstraint(new_id(), "VALUE >= 0"))
        if draw(st.booleans()):
            checks.append(CheckConstraint(new_id(), "VALUE < 1000000", name=f"{qname.name}_max"))
    else:
        base = ColumnType(kind, length=40) if kind == "varchar" else ColumnType(kind)
        default = draw(st.sampled_from([None, "'x'"]))
        checks.append(CheckConstraint(new_id(), "char_length(VALUE) > 0"))
        if draw(st.booleans()):
            checks.append(CheckConstraint(new_id(), "VALUE ~ '^[a-z]'", name="starts_with_letter"))
    checks = [replace(check, not_valid=draw(st.integers(0, 3)) == 0) for check in checks]
    return Domain(
        new_id(),
        qname.name,
        base,
        schema=qname.schema,
        nullable=draw(st.booleans()),
        default=default,
        checks=tuple(checks) if draw(st.integers(0, 4)) else (),
        description=draw(_descriptions()),
    )


@st.composite
def sequences(draw, taken: set[QName], schema_name: str | None = None) -> Sequence:
    """A standalone sequence with some options set (always a consistent set)."""
    qname = _free_name(draw, "seq_", taken, schema_name or draw(st.sampled_from(SCHEMA_NAMES)))
    data_type = draw(st.sampled_from(["bigint", "integer", "smallint"]))
    descending = draw(st.integers(0, 4)) == 0
    increment = draw(st.sampled_from([1, 1, 2, 10])) * (-1 if descending else 1)
    low, high = (-1000, -1) if descending else (1, 30000)
    min_value = draw(st.one_of(st.none(), st.just(low)))
    max_value = draw(st.one_of(st.none(), st.just(high)))
    start = draw(st.one_of(st.none(), st.integers(max(low, -30000), min(high, 30000))))
    if start is not None:
        # PostgreSQL's defaults for a bound not given: 1 / -1 ascending / descending
        lowest = min_value if min_value is not None else (-(2**15) if descending else 1)
        highest = max_value if max_value is not None else (-1 if descending else 2**15 - 1)
        start = min(max(start, lowest), highest)
    return Sequence(
        new_id(),
        qname.name,
        schema=qname.schema,
        data_type=data_type,
        start=start,
        increment=increment,
        min_value=min_value,
        max_value=max_value,
        cache=draw(st.sampled_from([1, 1, 20])),
        cycle=draw(st.booleans()),
        description=draw(_descriptions()),
    )


def _relations(schema: Schema) -> set[QName]:
    """Names taken in the relation and type namespaces (roughly: tables, enums, and the
    names the convention gives their constraints, indexes and sequences are prefixed
    differently from ours)."""
    return {table.qname for table in schema.tables} | {enum.qname for enum in schema.enums}


@st.composite
def with_objects(draw, schema: Schema) -> Schema:
    """``schema`` with domains (and columns of them), standalone sequences (used by
    ``nextval`` defaults, legacy ``::text`` ones too, some owned by their column), NOT
    VALID checks and foreign keys, a partitioned table with its partitions, and verbatim
    objects: functions, a procedure, views on views, a materialized view with its index,
    a trigger and its function, table options and a schema comment."""
    taken = _relations(schema)
    tables = list(schema.tables)
    domain_list = [draw(domains(taken, schema.enums)) for _ in range(draw(st.integers(0, 3)))]
    for domain in domain_list:  # a column of the domain in a table
        if tables and draw(st.integers(0, 3)):
            number = draw(st.integers(0, len(tables) - 1))
            table = tables[number]
            name = f"{domain.name}_value"
            if name not in table.columns_by_name:
                column = Column(
                    new_id(),
                    name,
                    replace(domain.type, domain=domain.qname, array=draw(st.integers(0, 4)) == 0),
                    nullable=draw(st.booleans()),
                )
                tables[number] = replace(table, columns=(*table.columns, column))

    sequence_list = []
    for _ in range(draw(st.integers(0, 3))):
        owner = draw(st.sampled_from(tables)) if tables and draw(st.integers(0, 3)) else None
        sequence = draw(sequences(taken, owner.schema if owner else None))
        if owner is not None:
            number = tables.index(owner)
            name = f"{sequence.name}_no"
            legacy = draw(st.booleans())
            cast = "text" if legacy else "regclass"
            column = Column(
                new_id(),
                name,
                ColumnType(sequence.data_type),
                nullable=False,
                default=f"nextval({_literal_name(sequence.qname)}::{cast})",
            )
            tables[number] = replace(owner, columns=(*owner.columns, column))
            if draw(st.booleans()):
                sequence = replace(sequence, owned_by=(owner.qname, name))
        sequence_list.append(sequence)

    tables = [draw(_not_valid_checks(table)) for table in tables]
    relationships = tuple(
        replace(rel, not_valid=draw(st.integers(0, 2)) == 0) for rel in schema.relationships
    )

    if draw(st.booleans()):
        tables += draw(_partitioned(taken))

    schema = replace(
        schema,
        domains=tuple(domain_list),
        sequences=tuple(sequence_list),
        tables=tuple(tables),
        relationships=relationships,
    )
    objects = draw(_verbatim_objects(schema, taken))
    return replace(schema, sql_objects=tuple(objects))


@st.composite
def _not_valid_checks(draw, table: Table) -> Table:
    """``table`` with some of its checks NOT VALID, and sometimes one more that is."""
    checks = [replace(check, not_valid=draw(st.booleans())) for check in table.checks]
    numbers = [
        column.name
        for column in table.columns
        if not column.type.array and column.type.base in {"smallint", "integer", "bigint"}
    ]
    if numbers and draw(st.booleans()):
        expression = f"{quote_ident(draw(st.sampled_from(numbers)))} > -1"
        checks.append(CheckConstraint(new_id(), expression, not_valid=True))
    return replace(table, checks=tuple(checks))


@st.composite
def _partitioned(draw, taken: set[QName]) -> list[Table]:
    """A range- or list-partitioned table and its partitions (a default one sometimes),
    with keys, a check and indexes that the partitions match or not."""
    schema_name = draw(st.sampled_from(SCHEMA_NAMES))
    parent = _free_name(draw, "part_", taken, schema_name)
    by_range = draw(st.booleans())

    def columns() -> tuple[Column, ...]:
        return (
            Column(new_id(), "id", ColumnType("integer"), nullable=False),
            Column(new_id(), "at", ColumnType("date"), nullable=False),
            Column(new_id(), "kind", ColumnType("text"), nullable=False),
            Column(new_id(), "amount", ColumnType("numeric")),
        )

    key = ("id", "at") if by_range else ("id", "kind")
    has_key = draw(st.booleans())
    index_keys = draw(st.sampled_from([(), ("amount",), ("at", "amount")]))
    check = None
    if draw(st.booleans()):
        check = CheckConstraint(new_id(), "amount >= 0", not_valid=draw(st.booleans()))
    parent_table = Table(
        new_id(),
        parent.name,
        columns(),
        schema=schema_name,
        primary_key=PrimaryKey(key) if has_key else None,
        checks=(check,) if check else (),
        indexes=(Index(new_id(), tuple(IndexElement(column=c) for c in index_keys)),)
        if index_keys
        else (),
        partition_by="RANGE (at)" if by_range else "LIST (kind)",
        description=draw(_descriptions()),
    )
    result = [parent_table]
    count = draw(st.integers(1, 3))
    for number in range(count):
        if by_range:
            bound = f"FOR VALUES FROM ('{2000 + number}-01-01') TO ('{2001 + number}-01-01')"
        else:
            bound = f"FOR VALUES IN ({quote_literal(f'k{number}')}, {quote_literal(f'x{number}')})"
        own_indexes = ()
        if index_keys and draw(st.booleans()):  # its own copy of the parent's index
            own_indexes = (
                Index(
                    new_id(),
                    tuple(IndexElement(column=c) for c in index_keys),
                    name=draw(st.sampled_from([None, f"{parent.name}_{number}_idx"])),
                ),
            )
        result.append(
            Table(
                new_id(),
                f"{parent.name}_p{number}",
                columns(),
                schema=schema_name,
                primary_key=PrimaryKey(key) if has_key and draw(st.booleans()) else None,
                indexes=own_indexes,
                partition_of=parent_table.qname,
                partition_bound=bound,
            )
        )
    if draw(st.booleans()):
        result.append(
            Table(
                new_id(),
                f"{parent.name}_rest",
                columns(),
                schema=schema_name,
                partition_of=parent_table.qname,
                partition_bound="DEFAULT",
            )
        )
    for table in result:
        taken.add(table.qname)
    # shuffled: the DDL creates each partition after its parent whatever the order
    return draw(st.permutations(result))


@st.composite
def _verbatim_objects(draw, schema: Schema, taken: set[QName]) -> list[SqlObject]:
    objects: list[SqlObject] = []
    plain = [table for table in schema.tables if table.partition_of is None]
    schema_name = draw(st.sampled_from(SCHEMA_NAMES))
    if draw(st.booleans()):
        name = _free_name(draw, "fn_", taken, schema_name)
        objects.append(
            SqlObject(
                new_id(),
                ObjectKind.FUNCTION,
                f"{name.name}(integer)",
                f"CREATE FUNCTION {qualified(name)}(n integer) RETURNS integer\n"
                f"    LANGUAGE sql IMMUTABLE AS $$ SELECT n + 1 $$;",
                schema=name.schema,
            )
        )
    if plain and draw(st.booleans()):
        table = draw(st.sampled_from(plain))
        view = _free_name(draw, "v_", taken, table.schema)
        objects.append(
            SqlObject(
                new_id(),
                ObjectKind.VIEW,
                view.name,
                f"CREATE VIEW {qualified(view)} AS SELECT * FROM {qualified(table.qname)};",
                schema=view.schema,
                depends_on=(table.qname,),
                reads=(table.qname,),
                columns=table.column_names,
            )
        )
        if draw(st.booleans()):
            over = _free_name(draw, "v_", taken, table.schema)
            objects.append(
                SqlObject(
                    new_id(),
                    ObjectKind.VIEW,
                    over.name,
                    f"CREATE VIEW {qualified(over)} AS\n"
                    f"SELECT count(*) AS n FROM {qualified(view)};",
                    schema=over.schema,
                    depends_on=(view,),
                    reads=(view,),
                )
            )
        if draw(st.booleans()):
            matview = _free_name(draw, "mv_", taken, table.schema)
            index = quote_ident(f"{matview.name}_n")
            objects.append(
                SqlObject(
                    new_id(),
                    ObjectKind.MATERIALIZED_VIEW,
                    matview.name,
                    f"CREATE MATERIALIZED VIEW {qualified(matview)} AS\n"
                    f"SELECT count(*) AS n FROM {qualified(table.qname)};\n"
                    f"CREATE UNIQUE INDEX {index} ON {qualified(matview)} (n);",
                    schema=matview.schema,
                    depends_on=(table.qname,),
                    reads=(table.qname,),
                )
            )
    if plain and draw(st.booleans()):
        table = draw(st.sampled_from(plain))
        function = _free_name(draw, "trg_fn_", taken, table.schema)
        body = f"SELECT count(*) FROM {qualified(table.qname)}"
        objects.append(
            SqlObject(
                new_id(),
                ObjectKind.FUNCTION,
                f"{function.name}()",
                f"CREATE FUNCTION {qualified(function)}() RETURNS trigger LANGUAGE plpgsql\n"
                f"AS $$\nBEGIN\n    PERFORM ({body});\n    RETURN NEW;\nEND;\n$$;",
                schema=function.schema,
                reads=(table.qname,),
            )
        )
        trigger = quote_ident(f"{table.name}_audit")
        objects.append(
            SqlObject(
                new_id(),
                ObjectKind.TRIGGER,
                f"{table.name}_audit on {table.name}",
                f"CREATE TRIGGER {trigger} BEFORE INSERT ON {qualified(table.qname)}\n"
                f"    FOR EACH ROW EXECUTE FUNCTION {qualified(function)}();",
                schema=table.schema,
                depends_on=(table.qname, function),
            )
        )
        procedure = _free_name(draw, "proc_", taken, table.schema)
        objects.append(
            SqlObject(
                new_id(),
                ObjectKind.PROCEDURE,
                f"{procedure.name}()",
                f"CREATE PROCEDURE {qualified(procedure)}() LANGUAGE plpgsql\n"
                f"AS $$\nBEGIN\n    PERFORM ({body});\nEND;\n$$;",
                schema=procedure.schema,
                reads=(table.qname,),
            )
        )
    if plain and draw(st.booleans()):
        table = draw(st.sampled_from(plain))
        column = draw(st.sampled_from(table.columns))
        objects.append(
            SqlObject(
                new_id(),
                ObjectKind.TABLE_OPTION,
                f"{table.name}.{column.name} statistics",
                f"ALTER TABLE ONLY {qualified(table.qname)} "
                f"ALTER COLUMN {quote_ident(column.name)} SET STATISTICS 500;",
                schema=table.schema,
                depends_on=(table.qname,),
            )
        )
    if draw(st.booleans()):
        target = draw(st.sampled_from(sorted(set(schema.schemas) | {"public"})))
        objects.append(
            SqlObject(
                new_id(),
                ObjectKind.COMMENT,
                f"schema {target}",
                f"COMMENT ON SCHEMA {quote_ident(target)} "
                f"IS {quote_literal(draw(_descriptions()))};",
                schema=target,
            )
        )
    # In any order: the DDL sorts them by what they depend on.
    return list(draw(st.permutations(objects)))
