"""Sample data fills every table of every corpus schema, on a real PostgreSQL.

Each corpus schema is imported, written out by the DDL generator and applied; its
sample data script is then run and every table is counted in the database: none may be
empty (the failure lists the empty ones).
"""

from __future__ import annotations

import pytest

from designer.generators import ddl, sample_data
from designer.generators.sample_data.partitions import sequence_name
from designer.importers.sql import import_sql
from designer.schema.sqltext import qualified, quote_ident
from tests.support.corpus import CORPUS_NAMES, corpus_sql

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_the_sample_data_fills_every_table_of_the_corpus(pg_db, name):
    schema = import_sql(corpus_sql(name)).schema
    data = sample_data.build(schema)
    pg_db.run(ddl.generate(schema))
    pg_db.run(sample_data.render(data))
    counts = {}
    with pg_db.connect() as conn:
        for table in schema.tables:
            sql = f"SELECT count(*) FROM {qualified(table.qname)}"
            counts[table.qname] = conn.execute(sql).fetchone()[0]
    empty = sorted(str(qname) for qname, count in counts.items() if count == 0)
    filled = len(counts) - len(empty)
    assert empty == [], f"{name}: {filled} of {len(counts)} tables filled; empty: {empty}"
    # What the script says it wrote is what landed (a partitioned table's rows are its
    # partitions').
    expected = data.row_counts()
    assert {qname: counts[qname] for qname in expected} == expected
    # A key numbered by a sequence's nextval: the next number is past the rows written.
    with pg_db.connect() as conn:
        for table in schema.tables:
            key = table.primary_key.columns if table.primary_key else ()
            for column in table.columns:
                sequence = sequence_name(column.default)
                if sequence and key == (column.name,):
                    highest = (
                        f"SELECT max({quote_ident(column.name)}) FROM {qualified(table.qname)}"
                    )
                    nextval = f"SELECT nextval({sequence}) > ({highest})"
                    assert conn.execute(nextval).fetchone()[0], (table.name, column.name)
