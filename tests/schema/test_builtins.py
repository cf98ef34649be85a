"""``designer.schema.builtins`` says what a PostgreSQL server says, asked again here.

The module was written by ``tests.support.pg_builtins`` from PostgreSQL 15 with the
contrib extensions the designer knows; on that version everything must be the same (on
another, the facts the validation relies on must still hold, so that nothing it accepts
fails there). The sequence names PostgreSQL gives serial and identity columns, and the
functions whose immutable and other forms ``expression_types`` tells apart by hand, are
checked on the same server.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.schema import builtins
from designer.schema.model import Column, ColumnType, Table
from designer.schema.naming import sequence_name
from designer.schema.sql_functions import MIXED
from designer.schema.sqltext import quote_ident
from tests.support.pg_builtins import probe

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def probed(pg_server):
    database = pg_server.create_database()
    try:
        yield probe(database.url)
    finally:
        database.drop()


def _same_or_more(found: dict, listed: dict) -> None:
    """Every fact listed holds on this server (it may know more)."""
    for key, value in listed.items():
        assert set(value) <= set(found.get(key, ())), key


def test_the_operator_classes_are_the_servers(probed):
    found = {
        method: {name: (frozenset(types), ext) for name, (types, ext) in classes.items()}
        for method, classes in probed.operator_classes.items()
    }
    if probed.version == builtins.PROBED_VERSION:
        assert found == builtins.OPERATOR_CLASSES
    for method, classes in builtins.OPERATOR_CLASSES.items():
        for name, (types, extension) in classes.items():
            assert types <= found[method][name][0], (method, name)
            assert extension == found[method][name][1], (method, name)


def test_the_casts_are_the_servers(probed):
    for listed, found in (
        (builtins.IMMUTABLE_CASTS, probed.immutable_casts),
        (builtins.OTHER_CASTS, probed.other_casts),
        (builtins.ASSIGNABLE, probed.assignable),
    ):
        if probed.version == builtins.PROBED_VERSION:
            assert {key: frozenset(value) for key, value in found.items()} == listed
        _same_or_more(found, listed)


def test_the_functions_and_types_are_the_servers(probed):
    assert set(probed.not_immutable) >= builtins.NOT_IMMUTABLE
    assert set(probed.not_scalar) >= builtins.NOT_SCALAR
    assert set(probed.function_names) >= builtins.FUNCTION_NAMES
    assert set(probed.type_names) >= builtins.TYPE_NAMES
    assert set(probed.text_search_configurations) >= builtins.TEXT_SEARCH_CONFIGURATIONS
    for key, names in builtins.FUNCTION_RESULTS.items():
        assert set(probed.function_results.get(key, ())) >= names, key
    for name, requires in builtins.EXTENSIONS.items():
        assert probed.extensions.get(name) == requires, name
    if probed.version == builtins.PROBED_VERSION:
        assert set(probed.not_immutable) == builtins.NOT_IMMUTABLE
        assert set(probed.not_scalar) == builtins.NOT_SCALAR
        assert set(probed.function_names) == builtins.FUNCTION_NAMES
        assert probed.extension_functions == builtins.EXTENSION_FUNCTIONS
        assert set(probed.type_names) == builtins.TYPE_NAMES
        assert probed.extension_types == builtins.EXTENSION_TYPES
        assert probed.extensions == builtins.EXTENSIONS
        assert {key: frozenset(names) for key, names in probed.function_results.items()} == (
            builtins.FUNCTION_RESULTS
        )


def test_every_function_with_immutable_and_other_forms_is_told_apart(probed):
    """``expression_types`` knows, for each, which of its forms an index may use."""
    assert set(probed.mixed) <= set(MIXED)


@settings(max_examples=60, deadline=None)
@given(
    table=st.text(st.sampled_from("abcé_Z名"), min_size=1, max_size=40),
    column=st.text(st.sampled_from("xyzé_名"), min_size=1, max_size=40),
    generated=st.sampled_from(["serial", "integer GENERATED ALWAYS AS IDENTITY"]),
)
def test_the_sequence_of_a_serial_column_is_named_as_postgresql_names_it(
    pg_server, table, column, generated
):
    model = Table("t", table, (Column("c", column, ColumnType("integer")),))
    with pg_server.connect() as conn:
        conn.execute("BEGIN")
        try:
            conn.execute(
                f"CREATE TEMP TABLE {quote_ident(table)} ({quote_ident(column)} {generated})"
            )  # type: ignore[arg-type]
            (found,) = conn.execute(
                "SELECT relname FROM pg_class WHERE oid = pg_get_serial_sequence(%s, %s)::regclass",
                (quote_ident(table), column),
            ).fetchone()
        finally:
            conn.execute("ROLLBACK")
    assert found == sequence_name(model, column)
