"""A schema written as pg_dump and people write DDL, not as the DDL generator does.

``handwritten_sql(schema, style)`` writes the same database in other forms, so that the
importer meets them: pg_dump's (``set_config('search_path', '', false)``, qualified
names, ``CREATE SEQUENCE`` + ``OWNED BY`` + ``SET DEFAULT nextval``, identity added by
``ALTER TABLE``, every constraint added by ``ALTER TABLE ONLY ... ADD CONSTRAINT``,
``OWNER TO``, ``GRANT``, psql's ``\\restrict``), or a person's (unqualified names, inline
and unnamed constraints left for PostgreSQL to name, ``serial`` types, unnamed indexes,
another name for the ``updated_at`` trigger function). ``for_psql=False`` leaves out
the psql meta-commands, for applying the script with a driver.
"""

from __future__ import annotations

from designer.schema.model import Column, Generated, Index, QName, Relationship, Schema, Table
from designer.schema.naming import assign_names, trigger_name
from designer.schema.sqltext import qualified, quote_ident, quote_literal, type_sql

_SERIALS = {"smallint": "smallserial", "integer": "serial", "bigint": "bigserial"}


def _name(qname: QName, dump: bool) -> str:
    return qualified(qname, omit_public=not dump)


def _columns(names: tuple[str, ...]) -> str:
    return ", ".join(quote_ident(name) for name in names)


def _column(column: Column, dump: bool, inline_key: bool) -> str:
    if column.generated is Generated.SERIAL and not dump:
        parts = [quote_ident(column.name), _SERIALS[column.type.base]]
    else:
        parts = [quote_ident(column.name), type_sql(column.type, omit_public=not dump)]
    if column.generated in {Generated.IDENTITY_ALWAYS, Generated.IDENTITY_BY_DEFAULT} and not dump:
        always = column.generated is Generated.IDENTITY_ALWAYS
        parts.append(f"GENERATED {'ALWAYS' if always else 'BY DEFAULT'} AS IDENTITY")
    if column.default is not None:
        parts.append(f"DEFAULT ({column.default})")
    if not column.nullable:
        parts.append("NOT NULL")
    if not dump:
        if inline_key:
            parts.append("PRIMARY KEY")
        if column.unique:
            parts.append("UNIQUE")
        if column.check:
            parts.append(f"CHECK ({column.check})")
    return " ".join(parts)


def _table(schema: Schema, table: Table, dump: bool, names) -> list[str]:
    key = table.primary_key
    inline_key = (
        not dump and key is not None and key.name is None and len(key.columns) == 1
    )  # fmt: skip
    lines = [
        _column(column, dump, inline_key and column.name == key.columns[0])
        for column in table.columns
    ]
    if not dump and key is not None and not inline_key:
        named = f"CONSTRAINT {quote_ident(key.name)} " if key.name else ""
        lines.append(f"{named}PRIMARY KEY ({_columns(key.columns)})")
    body = ",\n    ".join(lines)
    statements = [f"CREATE TABLE {_name(table.qname, dump)} (\n    {body}\n);"]
    if dump:
        statements.append(f"ALTER TABLE {_name(table.qname, dump)} OWNER TO postgres;")
        statements += _sequences(table, dump)
    return statements


def _sequences(table: Table, dump: bool) -> list[str]:
    """pg_dump's serial and identity columns: a sequence owned by the column."""
    statements = []
    target = _name(table.qname, dump)
    for column in table.columns:
        sequence = QName(table.schema, f"{table.name}_{column.name}_seq")
        options = "START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1"
        if column.generated is Generated.SERIAL:
            # (pg_dump writes the sequence's type since PostgreSQL 10: serial's is the
            # column's, which the importer reads as a serial column again)
            options = f"AS {column.type.base} {options}"
            statements += [
                f"CREATE SEQUENCE {_name(sequence, dump)}\n    {options};",
                f"ALTER SEQUENCE {_name(sequence, dump)} OWNED BY "
                f"{target}.{quote_ident(column.name)};",
                f"ALTER TABLE ONLY {target} ALTER COLUMN {quote_ident(column.name)} SET DEFAULT "
                f"nextval({quote_literal(_name(sequence, dump))}::regclass);",
            ]
        elif column.generated is not Generated.NONE:
            always = column.generated is Generated.IDENTITY_ALWAYS
            statements.append(
                f"ALTER TABLE {target} ALTER COLUMN {quote_ident(column.name)} ADD GENERATED "
                f"{'ALWAYS' if always else 'BY DEFAULT'} AS IDENTITY (\n    SEQUENCE NAME "
                f"{_name(sequence, dump)}\n    {options}\n);"
            )
    return statements


def _constraints(schema: Schema, table: Table, dump: bool, names) -> list[str]:
    """Keys and checks added by ALTER TABLE (all of them in a dump, named ones otherwise)."""
    target = f"ALTER TABLE ONLY {_name(table.qname, dump)}\n    ADD"
    statements = []
    key = table.primary_key
    if dump and key is not None:
        name = quote_ident(names.primary_key(table))
        statements.append(f"{target} CONSTRAINT {name} PRIMARY KEY ({_columns(key.columns)});")
    for column in table.columns:
        if dump and column.unique:
            name = quote_ident(names.unique_column(column.id))
            statements.append(f"{target} CONSTRAINT {name} UNIQUE ({quote_ident(column.name)});")
        if dump and column.check:
            name = quote_ident(names.check_column(column.id))
            statements.append(f"{target} CONSTRAINT {name} CHECK ({column.check});")
    for unique in table.uniques:
        nulls = " NULLS NOT DISTINCT" if unique.nulls_not_distinct else ""
        name = unique.name or (names.unique(unique.id) if dump else None)
        named = f"CONSTRAINT {quote_ident(name)} " if name else ""
        statements.append(f"{target} {named}UNIQUE{nulls} ({_columns(unique.columns)});")
    for check in table.checks:
        name = check.name or (names.check(check.id) if dump else None)
        named = f"CONSTRAINT {quote_ident(name)} " if name else ""
        statements.append(f"{target} {named}CHECK ({check.expression});")
    return statements


def _foreign_key(relationship: Relationship, dump: bool, names) -> str:
    name = relationship.name or (names.foreign_key(relationship) if dump else None)
    named = f"CONSTRAINT {quote_ident(name)} " if name else ""
    text = (
        f"ALTER TABLE ONLY {_name(relationship.from_table, dump)}\n    ADD {named}FOREIGN KEY "
        f"({_columns(relationship.from_columns)}) REFERENCES "
        f"{_name(relationship.to_table, dump)}({_columns(relationship.to_columns)})"
    )
    text += f" ON UPDATE {relationship.on_update.value} ON DELETE {relationship.on_delete.value}"
    if relationship.deferral.value == "deferrable":
        text += " DEFERRABLE"
    elif relationship.deferral.value == "deferred":
        text += " DEFERRABLE INITIALLY DEFERRED"
    return text + ";"


def _index(table: Table, index: Index, dump: bool, names) -> str:
    name = index.name or (names.index(index.id) if dump else None)
    keys = []
    for element in index.elements:
        text = quote_ident(element.column) if element.column else f"({element.expression})"
        if element.opclass:
            text += f" {element.opclass}"
        text += " DESC" if element.descending else ""
        text += f" NULLS {element.nulls.value.upper()}" if element.nulls.value else ""
        keys.append(text)
    head = "CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX"
    text = f"{head} {quote_ident(name) + ' ' if name else ''}ON {_name(table.qname, dump)}"
    text += f" USING {index.method.value} ({', '.join(keys)})"
    if index.include:
        text += f" INCLUDE ({_columns(index.include)})"
    if index.where:
        text += f" WHERE ({index.where})"
    return text + ";"


def _comments(table: Table, dump: bool) -> list[str]:
    target = _name(table.qname, dump)
    statements = []
    if table.description:
        statements.append(f"COMMENT ON TABLE {target} IS {quote_literal(table.description)};")
    for column in table.columns:
        if column.description:
            statements.append(
                f"COMMENT ON COLUMN {target}.{quote_ident(column.name)} IS "
                f"{quote_literal(column.description)};"
            )
    return statements


def _touch_function(dump: bool) -> list[str]:
    name = "public.touch_row" if dump else "touch_row"
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$\n"
        "begin\n  -- keep the row's last change\n  new.updated_at := CURRENT_TIMESTAMP;\n"
        "  return new;\nend\n$$;"
    ]


def handwritten_sql(schema: Schema, style: str = "dump", *, for_psql: bool = True) -> str:
    """The schema's DDL in pg_dump's style (``"dump"``) or a person's (``"person"``)."""
    dump = style == "dump"
    names = assign_names(schema)
    statements = []
    if dump:
        if for_psql:
            statements.append("\\restrict 2Vf9mB5uXqZ")
        statements += [
            "SET statement_timeout = 0;",
            "SET client_encoding = 'UTF8';",
            "SELECT pg_catalog.set_config('search_path', '', false);",
        ]
    for namespace in schema.schemas:
        if namespace != "public":
            statements.append(f"CREATE SCHEMA {quote_ident(namespace)};")
    for enum in schema.enums:
        values = ", ".join(quote_literal(value) for value in enum.values)
        statements.append(f"CREATE TYPE {_name(enum.qname, dump)} AS ENUM ({values});")
    if any(table.has_updated_at_trigger for table in schema.tables):
        statements += _touch_function(dump)
    for table in schema.tables:
        statements += _table(schema, table, dump, names)
    for table in schema.tables:
        statements += _constraints(schema, table, dump, names)
        statements += [_index(table, index, dump, names) for index in table.indexes]
        statements += _comments(table, dump)
        if table.has_updated_at_trigger:
            function = "public.touch_row" if dump else "touch_row"
            statements.append(
                f"CREATE TRIGGER {quote_ident(trigger_name(table) + '_x')} BEFORE UPDATE ON "
                f"{_name(table.qname, dump)} FOR EACH ROW EXECUTE FUNCTION {function}();"
            )
    statements += [_foreign_key(rel, dump, names) for rel in schema.relationships]
    if dump:
        statements.append("GRANT ALL ON SCHEMA public TO PUBLIC;")
        if for_psql:
            statements.append("\\unrestrict 2Vf9mB5uXqZ")
    return "\n\n".join(statements) + "\n"
