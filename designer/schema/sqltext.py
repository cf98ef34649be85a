"""Writing names, literals and types as PostgreSQL text.

All SQL quoting in the project goes through ``quote_ident`` and ``quote_literal``:
identifiers are quoted only where PostgreSQL needs it (the same rule as its own
``quote_ident()``), so ``users`` stays ``users`` and ``order`` becomes ``"order"``.
"""

from __future__ import annotations

import re

from pglast.keywords import COL_NAME_KEYWORDS, RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS

from .model import ColumnType, QName
from .types import Params, type_info

_PLAIN_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
# Every keyword but the unreserved ones needs quotes as a name, as in PostgreSQL's
# quote_identifier().
QUOTED_KEYWORDS = frozenset(RESERVED_KEYWORDS | COL_NAME_KEYWORDS | TYPE_FUNC_NAME_KEYWORDS)

# The built-in types of PostgreSQL 15 (pg_catalog, arrays and pg_* left out). pg_catalog
# comes first on every search path, so an unqualified ``name`` or ``point`` means the
# built-in type even when ``public`` has one of that name.
BUILTIN_TYPE_NAMES = frozenset(
    """
    aclitem any anyarray anycompatible anycompatiblearray anycompatiblemultirange
    anycompatiblenonarray anycompatiblerange anyelement anyenum anymultirange
    anynonarray anyrange bit bool box bpchar bytea char cid cidr circle cstring date
    datemultirange daterange event_trigger fdw_handler float4 float8 gtsvector
    index_am_handler inet int2 int2vector int4 int4multirange int4range int8
    int8multirange int8range internal interval json jsonb jsonpath language_handler line
    lseg macaddr macaddr8 money name numeric nummultirange numrange oid oidvector path
    point polygon record refcursor regclass regcollation regconfig regdictionary
    regnamespace regoper regoperator regproc regprocedure regrole regtype
    table_am_handler text tid time timestamp timestamptz timetz trigger tsm_handler
    tsmultirange tsquery tsrange tstzmultirange tstzrange tsvector txid_snapshot unknown
    uuid varbit varchar void xid xid8 xml
    """.split()  # noqa: SIM905 - a word list reads better than 98 quoted strings
)


def needs_quotes(name: str) -> bool:
    """Whether PostgreSQL needs ``name`` in double quotes to read it back unchanged."""
    return name in QUOTED_KEYWORDS or not _PLAIN_IDENTIFIER.fullmatch(name)


def quote_ident(name: str) -> str:
    """``name`` as a PostgreSQL identifier, in double quotes only where needed."""
    if needs_quotes(name):
        return '"' + name.replace('"', '""') + '"'
    return name


def quote_literal(value: str) -> str:
    """``value`` as an SQL string literal, as PostgreSQL's own ``quote_literal()`` writes it.

    A value with a backslash is written as an escape string (``E'a\\b'``), which reads
    the same whatever ``standard_conforming_strings`` is set to.
    """
    quoted = value.replace("'", "''")
    if "\\" in value:
        return "E'" + quoted.replace("\\", "\\\\") + "'"
    return "'" + quoted + "'"


def shadowed(name: str) -> bool:
    """Whether an unqualified ``name`` would find a pg_catalog object before ``public``'s."""
    return name in BUILTIN_TYPE_NAMES or name.startswith("pg_")


def qualified(name: QName, *, omit_public: bool = True) -> str:
    """A table or type name with its schema, leaving out ``public`` where that is safe.

    ``public`` is left out unless asked, or unless the name is one that pg_catalog
    (searched first) also has, such as a type called ``name`` or a table ``pg_stats``.
    """
    if omit_public and name.schema == "public" and not shadowed(name.name):
        return quote_ident(name.name)
    return f"{quote_ident(name.schema)}.{quote_ident(name.name)}"


def type_sql(column_type: ColumnType, *, omit_public: bool = True) -> str:
    """The type as written in a column definition: ``varchar(255)``, ``status[]``, a
    domain by its name (``ColumnType.without_domain()`` for the domain's base type)..."""
    if column_type.domain is not None:
        text = qualified(column_type.domain, omit_public=omit_public)
    elif column_type.is_enum:
        if column_type.enum is None:
            raise ValueError("an enum column needs its enum type")
        text = qualified(column_type.enum, omit_public=omit_public)
    else:
        info = type_info(column_type.base)
        text = info.sql
        if info.params is Params.LENGTH and column_type.length is not None:
            text += f"({column_type.length})"
        elif info.params is Params.PRECISION_SCALE and column_type.precision is not None:
            if column_type.scale is not None:
                text += f"({column_type.precision},{column_type.scale})"
            else:
                text += f"({column_type.precision})"
        elif info.params is Params.FRACTIONAL_SECONDS and column_type.precision is not None:
            text += f"({column_type.precision})"
    return text + ("[]" if column_type.array else "")
