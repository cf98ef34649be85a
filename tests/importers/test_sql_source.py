"""From uploaded bytes to parser-ready text: refusals, psql meta-commands, COPY data."""

from __future__ import annotations

import pytest

from designer.importers.sql.source import blank_psql_parts, decode
from designer.importers.summary import ImportFailure


def test_utf8_with_or_without_a_byte_order_mark_decodes():
    assert decode("CREATE TABLE café (a int);".encode()) == "CREATE TABLE café (a int);"
    assert decode(b"\xef\xbb\xbfSELECT 1;") == "SELECT 1;"
    assert decode("\ufeffSELECT 1;") == "SELECT 1;"


def test_text_without_psql_parts_is_left_as_it_is():
    text = "CREATE TABLE t (a text DEFAULT 'x\\y');\n"
    assert blank_psql_parts(text) == (text, blank_psql_parts(text)[1])
    assert blank_psql_parts(text)[1].meta_commands == 0


def test_meta_commands_are_blanked_keeping_every_position():
    text = "\\restrict abc\nCREATE TABLE t (a int);\n  \\connect other\nSELECT 1;\n"
    blanked, parts = blank_psql_parts(text)
    assert len(blanked) == len(text)
    assert blanked.splitlines() == [" " * 13, "CREATE TABLE t (a int);", " " * 16, "SELECT 1;"]
    assert parts.meta_commands == 2


def test_backslashes_inside_literals_bodies_and_comments_are_not_meta_commands():
    text = (
        "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$\n"
        "\\not a meta command\n"
        "$body$;\n"
        "SELECT 'a\n\\b';\n"
        "SELECT E'it\\'s\n\\c';\n"
        '/* a\n\\d */ SELECT "x\n\\e";\n'
        "-- \\f\n"
    )
    blanked, parts = blank_psql_parts(text)
    assert blanked == text and parts.meta_commands == 0


def test_copy_data_is_blanked_up_to_its_end_marker():
    text = (
        "-- Data for Name: t\n"
        "COPY public.t (a, b) FROM stdin;\n"
        "1\tit's; a 'quote\n"
        "2\t\\N\n"
        "\\.\n"
        "CREATE TABLE after (x int);\n"
    )
    blanked, parts = blank_psql_parts(text)
    lines = blanked.splitlines()
    assert lines[1] == "COPY public.t (a, b) FROM stdin;"
    assert lines[2:5] == [" " * len(line) for line in text.splitlines()[2:5]]
    assert lines[5] == "CREATE TABLE after (x int);"
    assert parts.copy_sections == 1 and parts.meta_commands == 0


def test_copy_to_stdout_has_no_data_section():
    text = "COPY t TO stdout;\n\\echo done\nSELECT 1;\n"
    blanked, parts = blank_psql_parts(text)
    assert parts.copy_sections == 0 and parts.meta_commands == 1
    assert blanked.endswith("SELECT 1;\n")


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b"PGDMP", b"\x1f\x8b", b"PK\x03\x04rest", b"a\x00b", b"\xc3\x28"],
)
def test_what_is_not_sql_text_is_refused(data):
    with pytest.raises(ImportFailure):
        decode(data)
