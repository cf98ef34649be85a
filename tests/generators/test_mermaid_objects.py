"""The diagram of a schema with issue 16's objects, checked by the vendored Mermaid in
Chromium: a domain column shows the domain's name as its type, partitions are not drawn
(their parent says how many it has), and the text still parses and draws."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.generators.mermaid import MermaidOptions, drawn, entity_ids, generate
from designer.schema.diagram_views import part
from designer.schema.model import Column, ColumnType, Domain, QName, Schema, Table
from tests.generators.objects_schema import PAYMENTS, objects_schema
from tests.generators.test_mermaid import HOSTILE, _shown
from tests.support.mermaid import mermaid_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def mermaid(browser):
    with mermaid_page(browser) as page:
        yield page


def _draw(mermaid, text: str):
    mermaid.render(text)
    return mermaid.drawn()


def test_partitions_are_left_out_and_counted_on_their_parent(mermaid):
    schema = objects_schema()
    text = generate(schema)
    drawing = _draw(mermaid, text)
    assert [(e.id, e.name) for e in drawing.entities] == [
        ("films", "films"),
        ("payments", "payments (2 partitions)"),
        ("film_notes", "film_notes"),
    ]
    assert sorted((e.start_entity, e.end_entity) for e in drawing.edges) == [
        ("films", "film_notes"),
        ("films", "payments"),
    ]
    assert "payments_2022_01" not in text and "payments_default" not in text
    # Every table keeps its entity id (the editor finds a table by it).
    assert len(entity_ids(schema)) == len(schema.tables)
    assert [t.name for t in drawn(schema.tables)] == ["films", "payments", "film_notes"]


def test_a_domain_column_shows_the_domains_name(mermaid):
    drawing = _draw(mermaid, generate(objects_schema()))
    films = drawing.entity("films")
    assert ("year", "release_year") in [(row[0], row[1]) for row in films.attributes]


def test_a_partition_in_focus_is_drawn(mermaid):
    schema = objects_schema()
    focus = QName("public", "payments_default")
    drawing = _draw(mermaid, generate(schema, MermaidOptions(focus=focus)))
    assert [e.name for e in drawing.entities] == ["payments_default"]
    # The parent in focus: its partitions stay out.
    drawing = _draw(mermaid, generate(schema, MermaidOptions(focus=PAYMENTS)))
    assert [e.name for e in drawing.entities] == ["films", "payments (2 partitions)"]
    assert drawing.edges[0].dashed  # the foreign key is not part of the key


def test_every_detail_level_parses(mermaid):
    schema = objects_schema()
    texts = [generate(schema, MermaidOptions(detail=level)) for level in ("all", "keys", "names")]
    assert mermaid.parse_many(texts) == [None] * len(texts)


def test_hostile_domain_names_parse_and_show_as_written(mermaid):
    domains = tuple(
        Domain(f"d{n}", word, ColumnType("text"), schema="public") for n, word in enumerate(HOSTILE)
    )
    columns = tuple(
        Column(f"c{n}", f"c{n}", ColumnType("text", domain=d.qname), description="")
        for n, d in enumerate(domains)
    )
    schema = Schema(domains=domains, tables=(Table("t", "t", columns),))
    drawing = _draw(mermaid, generate(schema))
    (entity,) = drawing.entities
    assert [row[0] for row in entity.attributes] == [_shown(word) for word in HOSTILE]


def test_a_diagram_views_part_keeps_a_parents_partitions():
    schema = objects_schema()
    payments = schema.table(PAYMENTS)
    shown = part(schema, (payments,))
    assert [t.name for t in shown.tables] == ["payments", "payments_2022_01", "payments_default"]
    assert generate(shown).splitlines()[1] == '    payments["payments (2 partitions)"] {'
    alone = part(schema, (schema.tables[0],))
    assert [t.name for t in alone.tables] == ["films"]
    assert replace(alone, tables=()).tables == ()


def test_a_partition_without_its_parent_is_drawn(mermaid):
    schema = objects_schema()
    partition = schema.tables[2]
    shown = part(schema, (partition,))
    drawing = _draw(mermaid, generate(shown))
    assert [e.name for e in drawing.entities] == ["payments_2022_01"]
