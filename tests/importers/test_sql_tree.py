"""The JSON parse tree read back as pglast's nodes: the same as parse_sql builds."""

from __future__ import annotations

import json

import pytest
from pglast import parser
from pglast.stream import RawStream

from designer.importers.sql.tree import _to_pglast, deparse, write_back
from tests.support.corpus import CORPUS


def _expression(text: str) -> dict:
    tree = json.loads(parser.parse_sql_json(f"SELECT {text}"))
    return tree["stmts"][0]["stmt"]["SelectStmt"]["targetList"][0]["ResTarget"]["val"]


@pytest.mark.parametrize("name", ["pagila", "openstreetmap", "adventureworks"])
def test_every_corpus_statement_converts_to_the_nodes_parse_sql_builds(name):
    sql = (CORPUS / name / "schema.sql").read_text()
    from_json = [_to_pglast(raw["stmt"]) for raw in json.loads(parser.parse_sql_json(sql))["stmts"]]
    from_nodes = [raw.stmt for raw in parser.parse_sql(sql)]
    assert len(from_json) == len(from_nodes)
    printed = [RawStream()(node) for node in from_json]
    assert printed == [RawStream()(node) for node in from_nodes]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("now()", "now()"),
        ("'G'::public.mpaa_rating", "CAST('G' AS public.mpaa_rating)"),
        ("0", "0"),
        ("-1.5", "-1.5"),
        ("false", "FALSE"),
        ("a BETWEEN 0 AND 2", "a BETWEEN 0 AND 2"),
        ("upper(x) IN ('A','B') OR x IS NULL", "upper(x) IN ('A', 'B') OR x IS NULL"),
        ("lower(NORMALIZE(name, NFKC))", "lower(normalize(name, NFKC))"),
        ("pg_catalog.normalize(x, 'NFKC')", "pg_catalog.normalize(x, 'NFKC')"),
        ("x AT TIME ZONE 'utc'", "x AT TIME ZONE 'utc'"),
        ("'{}'::\"bit\"[]", "CAST('{}' AS pg_catalog.bit[])"),
    ],
)
def test_expressions_are_written_back_keeping_their_meaning(text, written):
    assert deparse(_expression(text)) == written


def test_write_back_refuses_what_is_not_one_expression():
    assert write_back(_expression("(SELECT 1)")) is None
    assert write_back(_expression("a + 1")) == "a + 1"
