"""The fixed code at the top of every module: the metadata, ``TableBase`` and helpers.

Written by hand once (and kept ``ruff``-clean here), each piece is added only when the
schema needs it. They are the module's own, so that it depends on nothing but sqlmodel,
SQLAlchemy, pydantic and the standard library.
"""

from __future__ import annotations

# The DDL's constraint names. Field(primary_key=True / unique=True / foreign_key=...)
# create unnamed constraints; the convention gives them the names the DDL writes.
_CONVENTION = """\
# The DDL's constraint names; Field(primary_key=, unique=, foreign_key=) follow them.
NAMING_CONVENTION = {
    "pk": "pk_%(table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s",
}"""

# The default: SQLModel's own metadata and registry, which SQLModel's tutorial
# (SQLModel.metadata.create_all(engine)) and Alembic's env.py (target_metadata =
# SQLModel.metadata) use. The convention is added to the metadata's own (SQLAlchemy's
# "ix" stays), before any table is declared; ``metadata`` is a second name for it.
SHARED_FOUNDATION = (
    _CONVENTION
    + """
# SQLModel.metadata, as SQLModel's tutorial and Alembic's target_metadata use it.
SQLModel.metadata.naming_convention = {**SQLModel.metadata.naming_convention, **NAMING_CONVENTION}
metadata = SQLModel.metadata"""
)

# The option: a metadata and registry of the module's own, which keep its tables out of
# SQLModel.metadata (two generated modules can live in one process).
PRIVATE_FOUNDATION = (
    _CONVENTION
    + """
# This module's own metadata (not SQLModel.metadata): metadata.create_all(engine).
metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)"""
)

# __table_cls__ restores the design's column order, which SQLModel loses by putting the
# fields inherited from <Name>Base first.
_TABLE_BASE = '''\
class TableBase({bases}):
    """The base of the table models: {purpose}."""

    # The table's columns in the design's order (fields from <Name>Base come first).
    __column_order__: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __table_cls__(cls, name: str, meta: sa.MetaData, *items: Any, **options: Any) -> sa.Table:
        order = {{column: index for index, column in enumerate(cls.__column_order__)}}
        columns = [item for item in items if isinstance(item, sa.Column)]
        columns.sort(key=lambda column: order.get(column.name, len(order)))
        others = [item for item in items if not isinstance(item, sa.Column)]
        return sa.Table(name, meta, *columns, *others, **options)'''

SHARED_TABLE_BASE = _TABLE_BASE.format(
    bases="SQLModel", purpose="SQLModel.metadata, the columns in the design's order"
)
PRIVATE_TABLE_BASE = _TABLE_BASE.format(
    bases="SQLModel, registry=registry(metadata=metadata)",
    purpose="this schema's own registry and ``metadata``",
)

UTC_NOW = '''\
def utc_now() -> datetime:
    """The current time with its time zone, as a ``timestamptz`` holds it."""
    return datetime.now(UTC)'''

ENUM_VALUES = '''\
def enum_values(enum_class: type[enum.Enum]) -> list[str]:
    """Store the labels PostgreSQL knows (the values), not the Python member names."""
    return [member.value for member in enum_class]'''

XML_TYPE = '''\
class XmlType(sa.types.UserDefinedType):
    """PostgreSQL's ``xml``, which SQLAlchemy has no type for."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "XML"'''

# SQLAlchemy writes SERIAL for a table's one integer key by itself; any other serial
# column needs the pseudo-type spelled out, so that PostgreSQL makes the same sequence.
# Only CREATE TABLE may say it: it is no type PostgreSQL reports or can cast to.
SERIAL = '''\
class Serial(sa.types.UserDefinedType):
    """``serial`` and friends, for a serial column that is not the table's one key."""

    cache_ok = True

    def __init__(self, spelling: str = "serial") -> None:
        self.spelling = spelling

    def get_col_spec(self, **kw: Any) -> str:
        if isinstance(kw.get("type_expression"), sa.Column):
            return self.spelling  # the column's type in CREATE TABLE
        # Elsewhere (a cast; Alembic comparing it with the type PostgreSQL reports): the
        # integer type the pseudo-type stands for.
        return {"smallserial": "SMALLINT", "bigserial": "BIGINT"}.get(self.spelling, "INTEGER")'''

# Not DDL's %(fullname)s: SQLAlchemy escapes a % in a table name twice there.
KEEP_UPDATED_AT = '''\
def keep_updated_at(model: type[SQLModel], trigger: str, table: str) -> None:
    """Create ``trigger`` on ``table`` (SQL names) right after the table is created."""
    statement = (
        f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
    )
    # DDL() fills %(name)s placeholders: a literal % is written %%.
    sql = sa.DDL(statement.replace("%", "%%"))
    sa.event.listen(sa.inspect(model).local_table, "after_create", sql)'''
