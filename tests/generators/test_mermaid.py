"""The Mermaid ERD generator, checked by the vendored Mermaid itself in real Chromium.

Every diagram here is parsed (and most are drawn) by ``static/vendor/mermaid`` with the
app's configuration (``static/designer/erd.js``); what Mermaid displays is read back
from the SVG (``tests.support.mermaid``). Each known trap has a test that also shows
what Mermaid makes of the naive text.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.demo import demo_schema
from designer.generators.mermaid import (
    MermaidOptions,
    attribute_word,
    entity_id,
    entity_ids,
    focus_tables,
    generate,
)
from designer.schema.model import (
    Column,
    ColumnType,
    Index,
    IndexElement,
    ManyToMany,
    PrimaryKey,
    QName,
    Relationship,
    RelationshipKind,
    Schema,
    Table,
    UniqueConstraint,
)
from tests.strategies import schemas
from tests.support.examples import examples
from tests.support.golden import assert_matches_golden
from tests.support.mermaid import Drawing, MermaidError, mermaid_page

pytestmark = pytest.mark.browser

MAX_TEXT_EXCEEDED = "Maximum text size in diagram exceeded"
# Text that Mermaid's lexer, its pre-processing, markdown or HTML would misread.
HOSTILE = (
    'quote"d',
    "percent%",
    "50% of 100%",
    "%%{init: {'theme': 'forest'}}%%",
    "a style:#35;b;",
    "#quot; &amp; &#60;",
    "\ufb02\u00b0\u00b035\u00b6\u00df",
    "<b>bold</b> <script>x</script>",
    "*star* **strong**",
    "_under_ __dunder__ snake_case_",
    "[ref]: https://example.com",
    "$$x^2$$",
    "direction LR",
    "the direction  tb",
    "a ~b~ c",
    "back\\slash",
    "`tick`",
    "1. item",
    "- item",
    "# heading",
    "> quoted",
    "x\ny\tz",
    "名前",
    "Ωmega ümlaut café",
    "pk",
    "end",
    "1st_place",
    "{braces} [brackets] (parens) |pipes|",
    "a:b c: d",
)


@pytest.fixture(scope="module")
def mermaid(browser):
    """A page with the vendored Mermaid and the app's erd.js, shared by the module."""
    with mermaid_page(browser) as page:
        yield page


# -- builders -----------------------------------------------------------------------


def _column(name: str, base: str = "integer", **kwargs) -> Column:
    return Column(
        f"c-{name}-{base}", name, ColumnType(base, **kwargs.pop("type_args", {})), **kwargs
    )


def _table(name: str, *columns: Column, schema: str = "public", key: str | None = "id") -> Table:
    key_columns = (Column(f"{schema}.{name}.id", "id", ColumnType("uuid"), nullable=False),)
    return Table(
        id=f"{schema}.{name}",
        name=name,
        schema=schema,
        columns=(key_columns if key else ()) + columns,
        primary_key=PrimaryKey(("id",)) if key else None,
    )


def _fk(source: Table, columns: tuple[str, ...], target: Table, **kwargs) -> Relationship:
    return Relationship(
        id=f"{source.qname}->{target.qname}:{columns}",
        from_table=source.qname,
        from_columns=columns,
        to_table=target.qname,
        to_columns=target.primary_key.columns if target.primary_key else ("id",),
        **kwargs,
    )


def _draw(mermaid, text: str) -> Drawing:
    mermaid.render(text)
    return mermaid.drawn()


def _shown(text: str) -> str:
    """What the diagram should display for ``text``: one line, single spaces, control
    characters as their visible symbols, white space alone as ␠."""
    words = " ".join(text.replace("\ufeff", " ").split())
    if not words:
        words = "".join(c if ord(c) < 0x20 else "\u2420" for c in text)
    shown = "".join(chr(0x2400 + ord(c)) if ord(c) < 0x20 else c for c in words)
    # A word joiner keeps Mermaid's own entity markers from being read as such.
    shown = shown.replace("\ufb02\u00b0", "\ufb02\u2060\u00b0")
    return shown.replace("\u00b6\u00df", "\u00b6\u2060\u00df").replace("\x7f", "\u2421")


def _entity_lines(text: str) -> list[str]:
    return re.findall(r"^    ([A-Za-z0-9_]+)(?:\[|\s*\{|$)", text, flags=re.MULTILINE)


# -- the demo -----------------------------------------------------------------------


def test_the_demo_diagram_matches_the_golden_file():
    text = generate(demo_schema())
    assert_matches_golden("demo.mmd", text)


def test_the_demo_draws_both_tables_their_columns_and_the_relationship(mermaid):
    drawing = _draw(mermaid, generate(demo_schema()))
    assert [entity.name for entity in drawing.entities] == ["users", "todos"]
    users, todos = drawing.entities
    assert users.attributes[:2] == (
        ("uuid", "id", "PK", "Primary key."),
        ("varchar(255)", "email", "UK", "Sign-in address; unique across users."),
    )
    assert todos.attributes[1] == (
        "uuid",
        "user_id",
        "FK",
        "The owner; the todo is deleted with its user.",
    )
    assert [column[1] for column in todos.attributes] == [
        c.name for c in demo_schema().table(QName("public", "todos")).columns
    ]
    (edge,) = drawing.edges
    # Every todo has exactly one user; a user has zero or more todos.
    assert (edge.start_entity, edge.start, edge.end, edge.end_entity) == (
        "users",
        "onlyOne",
        "zeroOrMore",
        "todos",
    )
    assert edge.label == "user_id"
    assert edge.dashed  # user_id is not part of todos' primary key


def test_each_rendered_entity_node_maps_back_to_its_table(mermaid):
    schema = Schema(
        tables=(
            _table("users"),
            _table("my table"),
            _table("orders", schema="sales"),
            _table("class"),
            _table("名前"),
        )
    )
    ids = entity_ids(schema)
    mermaid.render(generate(schema))
    found = mermaid.evaluate(
        """() => [...ERD.entityNodes(document.getElementById('erd')).entries()].map(
            ([entity, node]) => [entity, node.id, node.querySelector('.label.name').textContent])"""
    )
    shown = {entity: name for entity, _, name in found}
    assert shown == {ids[table.qname]: str(table.qname) for table in schema.tables}
    assert all(re.fullmatch(r"erd-\d+-entity-[A-Za-z0-9_]+-\d+", node) for _, node, _ in found)
    assert entity_id(schema, QName("sales", "orders")) == "sales_orders"
    assert entity_id(schema, schema.tables[0]) == "users"


def test_the_demo_svg_is_well_formed_xml_for_download(mermaid):
    svg = mermaid.render(generate(demo_schema()))
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_mermaid_makes_no_network_request(browser):
    with mermaid_page(browser) as page:
        page.render(generate(demo_schema()))
        assert page.requests == []
        # The recorder does see a request when one is made (so the check above can fail).
        page.evaluate("() => fetch('https://example.com/probe').catch(() => null)")
        page.page.wait_for_timeout(50)
        assert page.requests == ["https://example.com/probe"]


# -- generated schemas --------------------------------------------------------------


@settings(max_examples=examples(150))
@given(schemas())
def test_every_generated_schema_parses_with_mermaids_own_parser(mermaid, schema):
    texts = [generate(schema), generate(schema, MermaidOptions(attributes=False))]
    assert generate(replace(schema)) == texts[0]  # deterministic
    assert len(set(entity_ids(schema).values())) == len(schema.tables)
    if schema.tables:
        texts.append(generate(schema, MermaidOptions(focus=schema.tables[-1].qname)))
    assert mermaid.parse_many(texts) == [None] * len(texts)


@settings(max_examples=25)
@given(schemas())
def test_generated_schemas_draw_every_table_column_and_relationship(mermaid, schema):
    ids = entity_ids(schema)
    drawing = _draw(mermaid, generate(schema))
    assert [(e.id, e.name) for e in drawing.entities] == [
        (ids[t.qname], _shown(str(t.qname))) for t in schema.tables
    ]
    for table, entity in zip(schema.tables, drawing.entities, strict=True):
        assert [row[1] for row in entity.attributes] == [_shown(c.name) for c in table.columns]
    assert sorted((e.start_entity, e.end_entity, e.label) for e in drawing.edges) == sorted(
        (ids[r.to_table], ids[r.from_table], _shown(", ".join(r.from_columns)))
        for r in schema.relationships
    )


_ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=25)


@settings(max_examples=30)
@given(st.lists(_ANY_TEXT, min_size=4, max_size=12, unique=True))
def test_any_text_is_displayed_as_written(mermaid, words):
    schema = _schema_named(words)
    drawing = _draw(mermaid, generate(schema))
    _assert_displayed(schema, drawing)


def test_hostile_text_is_displayed_as_written(mermaid):
    schema = _schema_named(list(HOSTILE))
    drawing = _draw(mermaid, generate(schema))
    _assert_displayed(schema, drawing)


def _schema_named(words: list[str]) -> Schema:
    """Tables, columns, comments and foreign-key columns named by ``words``."""
    tables: list[Table] = []
    relationships: list[Relationship] = []
    for position, word in enumerate(words):
        column = Column(f"c{position}", word, ColumnType("text"), description=word)
        table = _table(word, column)
        if tables:
            link = Column(f"l{position}", f"{word} id", ColumnType("uuid"))
            table = replace(table, columns=(*table.columns, link))
            relationships.append(_fk(table, (link.name,), tables[-1]))
        tables.append(table)
    return Schema(tables=tuple(tables), relationships=tuple(relationships))


def _assert_displayed(schema: Schema, drawing: Drawing) -> None:
    assert [entity.name for entity in drawing.entities] == [_shown(t.name) for t in schema.tables]
    for table, entity in zip(schema.tables, drawing.entities, strict=True):
        word = table.columns[1]
        assert entity.attributes[1][1] == _shown(word.name)
        # A comment of only white space is left out.
        assert entity.attributes[1][3] == (
            _shown(word.description) if word.description.strip() else ""
        )
    assert sorted(edge.label for edge in drawing.edges) == sorted(
        _shown(r.from_columns[0]) for r in schema.relationships
    )


# -- the named traps ----------------------------------------------------------------


def test_types_with_spaces_are_one_word(mermaid):
    naive = (
        "erDiagram\n    t {\n        double precision x\n"
        "        timestamp with time zone y\n    }\n"
    )
    # Parsed, silently, as other attributes: "double precision", "x timestamp", ...
    assert [row[:2] for row in _draw(mermaid, naive).entities[0].attributes] == [
        ("double", "precision"),
        ("x", "timestamp"),
        ("with", "time"),
        ("zone", "y"),
    ]

    table = _table("t", _column("x", "double precision"))
    drawing = _draw(mermaid, generate(Schema(tables=(table,))))
    assert drawing.entities[0].attributes[1][:2] == ("double precision", "x")

    text = f"erDiagram\n    t {{\n        {attribute_word('timestamp with time zone')} y\n    }}\n"
    assert _draw(mermaid, text).entities[0].attributes == (
        ("timestamp with time zone", "y", "", ""),
    )


def test_a_comma_in_numeric_precision_and_scale(mermaid):
    # Mermaid before 11 split numeric(10,2) at the comma; the vendored one takes it whole,
    # and the SQL spelling with a space still needs backticks.
    naive = "erDiagram\n    t {\n        numeric(10, 2) amount\n    }\n"
    assert mermaid.parse_many([naive])[0] is not None

    table = _table("t", _column("amount", "numeric", type_args={"precision": 10, "scale": 2}))
    text = generate(Schema(tables=(table,)))
    assert "numeric(10,2) amount" in text
    assert _draw(mermaid, text).entities[0].attributes[1][:2] == ("numeric(10,2)", "amount")
    assert attribute_word("numeric(10, 2)") == "`numeric(10, 2)`"
    assert _draw(mermaid, "erDiagram\n    t {\n        `numeric(10, 2)` amount\n    }\n").entities[
        0
    ].attributes == (("numeric(10, 2)", "amount", "", ""),)


def test_names_starting_with_a_digit_stay_whole(mermaid):
    naive = "erDiagram\n    1st_place {\n        integer 2nd\n    }\n"
    assert mermaid.parse_many([naive])[0] is not None  # the column name is refused
    naive = "erDiagram\n    1st_place {\n        integer x\n    }\n"
    assert [e.name for e in _draw(mermaid, naive).entities] == ["1", "st_place"]  # split

    schema = Schema(tables=(_table("1st_place", _column("2nd")),))
    drawing = _draw(mermaid, generate(schema))
    assert [e.name for e in drawing.entities] == ["1st_place"]
    assert drawing.entities[0].attributes[1][:2] == ("integer", "2nd")
    assert entity_id(schema, schema.tables[0]) == "t_1st_place"


@pytest.mark.parametrize("name", ["pk", "fk", "uk", "PK", "pk_total", "fk.x"])
def test_columns_named_like_key_markers(mermaid, name):
    schema = Schema(tables=(_table("t", _column(name)),))
    drawing = _draw(mermaid, generate(schema))
    assert drawing.entities[0].attributes[1][:3] == ("integer", name, "")


def test_naive_key_marker_column_names_are_refused(mermaid):
    errors = mermaid.parse_many(
        [f"erDiagram\n    t {{\n        integer {name}\n    }}\n" for name in ("pk", "fk", "uk")]
    )
    assert all(error and "ATTRIBUTE_KEY" in error for error in errors)


@pytest.mark.parametrize(
    "name", ["class", "style", "end", "one", "many", "to", "erDiagram", "classDef", "subgraph"]
)
def test_entities_named_like_mermaid_keywords(mermaid, name):
    naive = f'erDiagram\n    {name} {{\n        integer x\n    }}\n    {name} ||--o{{ other : "r"\n'
    error = mermaid.parse_many([naive])[0]
    if error is None:  # parsed, but not as the two entities meant
        assert sorted(e.name for e in _draw(mermaid, naive).entities) != sorted([name, "other"])

    named, other = _table(name), _table("other", _column("ref", "uuid"))
    schema = Schema(tables=(named, other), relationships=(_fk(other, ("ref",), named),))
    drawing = _draw(mermaid, generate(schema))
    assert [e.name for e in drawing.entities] == [name, "other"]
    assert [(e.start_entity, e.end_entity) for e in drawing.edges] == [(f"t_{name}", "other")]


def test_quotes_and_percent_in_comments_and_labels(mermaid):
    comment = 'Share: 50% of "all" users %%{init: {"theme": "forest"}}%% done'
    naive = (
        "erDiagram\n    a {\n        integer x\n    }\n"
        f'    b {{\n        integer y "{comment}"\n    }}\n    a ||--o{{ b : "50% "y""\n'
    )
    assert mermaid.parse_many([naive])[0] is not None
    naive_percent = 'erDiagram\n    a["100%"] {\n        integer x\n    }\n'
    assert mermaid.parse_many([naive_percent])[0] is not None

    target = _table('100% "real"')
    source = _table("b", Column("y", 'say "y" 50%', ColumnType("uuid"), description=comment))
    schema = Schema(tables=(target, source), relationships=(_fk(source, ('say "y" 50%',), target),))
    drawing = _draw(mermaid, generate(schema))
    assert drawing.entities[0].name == '100% "real"'
    assert drawing.entities[1].attributes[1] == ("uuid", 'say "y" 50%', "FK", comment)
    assert drawing.edges[0].label == 'say "y" 50%'


def test_a_label_saying_direction_lr_keeps_its_line(mermaid):
    # Mermaid reads any line containing "direction LR" as a direction statement.
    naive = 'erDiagram\n    a {\n        integer x\n    }\n    a ||--o{ a : "direction LR"\n'
    assert _draw(mermaid, naive).edges == ()

    table = _table("a", Column("p", "direction LR", ColumnType("uuid")))
    schema = Schema(tables=(table,), relationships=(_fk(table, ("direction LR",), table),))
    assert [e.label for e in _draw(mermaid, generate(schema)).edges] == ["direction LR"]


def _big_schema(table_count: int, fk_count: int, columns: int = 3) -> Schema:
    """``table_count`` tables of ``columns`` described columns and ``fk_count`` foreign
    keys to random tables."""
    rng = random.Random(7)
    tables = [
        _table(
            f"table_{n:03}",
            *(
                Column(
                    f"t{n}c{k}",
                    f"column_{k}",
                    ColumnType("varchar", length=100),
                    description=f"Column {k} of table {n}.",
                )
                for k in range(columns)
            ),
        )
        for n in range(table_count)
    ]
    relationships = []
    for number in range(fk_count):
        source_index, target_index = number % table_count, rng.randrange(table_count)
        column = Column(f"fk{number}", f"ref_{number}", ColumnType("uuid"), nullable=False)
        source = replace(tables[source_index], columns=(*tables[source_index].columns, column))
        tables[source_index] = source
        relationships.append(_fk(source, (column.name,), tables[target_index]))
    return Schema(tables=tuple(tables), relationships=tuple(relationships))


def test_a_200_table_diagram_exceeds_mermaids_default_size_and_draws_with_the_apps(
    mermaid, browser
):
    text = generate(_big_schema(200, 250))
    assert len(text) > 50_000

    with mermaid_page(browser, app_config=False) as default:
        assert MAX_TEXT_EXCEEDED in default.render(text)

    drawing = _draw(mermaid, text)
    assert len(drawing.entities) == 200
    assert len(drawing.edges) == 250


def test_the_apps_render_refuses_text_beyond_its_limit_with_a_clear_error(mermaid):
    limit = mermaid.evaluate("() => ERD.CONFIG.maxTextSize")
    assert limit >= 1_000_000
    with pytest.raises(MermaidError, match="too big to draw"):
        mermaid.render("erDiagram\n" + "%% padding\n" * (limit // 10))


def test_the_apps_render_reports_mermaids_error_and_leaves_nothing_behind(mermaid):
    before = mermaid.evaluate("() => document.body.children.length")
    with pytest.raises(MermaidError, match="Parse error"):
        mermaid.render("erDiagram\n    t {\n        integer pk\n    }\n")
    assert mermaid.evaluate("() => document.body.children.length") == before


# -- options ------------------------------------------------------------------------


def _neighbourhood() -> Schema:
    """a -> b, c -> a, a <-> d through a_d, f -> b, e alone."""
    a = _table("a", _column("b_id", "uuid"))
    b = _table("b")
    c = _table("c", _column("a_id", "uuid"))
    d = _table("d")
    e = _table("e")
    f = _table("f", _column("b_id", "uuid"))
    a_d = _table("a_d", _column("a_id", "uuid"), _column("d_id", "uuid"), key=None)
    a_d = replace(a_d, primary_key=PrimaryKey(("a_id", "d_id")))
    return Schema(
        tables=(a, b, c, d, e, f, a_d),
        relationships=(
            _fk(a, ("b_id",), b),
            _fk(c, ("a_id",), a),
            _fk(f, ("b_id",), b),
            _fk(a_d, ("a_id",), a),
            _fk(a_d, ("d_id",), d),
        ),
        many_to_many=(ManyToMany("m", a.qname, d.qname, a_d.qname),),
    )


@pytest.mark.parametrize(
    ("focus", "expected"),
    [
        ("a", ["a", "b", "c", "d", "a_d"]),
        ("b", ["a", "b", "f"]),
        ("d", ["a", "d", "a_d"]),
        ("e", ["e"]),
    ],
)
def test_focus_draws_the_table_and_its_direct_neighbours(mermaid, focus, expected):
    schema = _neighbourhood()
    name = QName("public", focus)
    assert [q.name for q in focus_tables(schema, name)] == expected
    text = generate(schema, MermaidOptions(focus=name))
    assert _entity_lines(text) == expected
    drawing = _draw(mermaid, text)
    assert [e.id for e in drawing.entities] == expected
    shown = set(expected)
    assert len(drawing.edges) == sum(
        1 for r in schema.relationships if r.from_table.name in shown and r.to_table.name in shown
    )


def test_focus_keeps_the_full_diagrams_entity_ids():
    schema = Schema(tables=(_table("x y"), _table("x_y"), _table("class")))
    for table in schema.tables:
        text = generate(schema, MermaidOptions(focus=table.qname))
        assert _entity_lines(text) == [entity_id(schema, table)]


def test_focus_on_an_unknown_table_is_an_error():
    with pytest.raises(ValueError, match="no table"):
        generate(_neighbourhood(), MermaidOptions(focus=QName("public", "zz")))


def test_without_attributes_entities_are_drawn_bare(mermaid):
    text = generate(demo_schema(), MermaidOptions(attributes=False))
    assert "{" not in text.replace("o{", "")
    drawing = _draw(mermaid, text)
    assert [(e.name, e.attributes) for e in drawing.entities] == [("users", ()), ("todos", ())]
    assert len(drawing.edges) == 1


def test_long_comments_are_cut_and_can_be_left_out():
    table = _table("t", Column("x", "x", ColumnType("text"), description="word " * 40))
    schema = Schema(tables=(table,))
    line = next(ln for ln in generate(schema).splitlines() if " x " in ln)
    comment = line.split('"')[1]
    assert len(comment) == 80
    assert comment.endswith("…")
    text = generate(schema, MermaidOptions(max_comment_length=0))
    assert '"' not in text


# -- cardinality --------------------------------------------------------------------


def _pair(column: Column, **kwargs) -> tuple[Schema, Relationship]:
    parent = _table("parent")
    child = _table("child", column)
    relationship = _fk(child, (column.name,), parent, **kwargs)
    return Schema(tables=(parent, child), relationships=(relationship,)), relationship


def _parent_id(**kwargs) -> Column:
    return Column("p", "parent_id", ColumnType("uuid"), **kwargs)


@pytest.mark.parametrize(
    ("column", "kind", "expected"),
    [
        (_parent_id(nullable=False), None, ("onlyOne", "zeroOrMore")),
        (_parent_id(), None, ("zeroOrOne", "zeroOrMore")),
        (_parent_id(nullable=False, unique=True), None, ("onlyOne", "zeroOrOne")),
        (_parent_id(), RelationshipKind.ONE_TO_ONE, ("zeroOrOne", "zeroOrOne")),
    ],
)
def test_cardinality_follows_nullability_and_uniqueness(mermaid, column, kind, expected):
    schema, _ = _pair(column, **({"kind": kind} if kind else {}))
    (edge,) = _draw(mermaid, generate(schema)).edges
    assert (edge.start_entity, edge.end_entity) == ("parent", "child")
    assert (edge.start, edge.end) == expected
    assert edge.dashed


def test_a_unique_constraint_or_index_over_the_key_makes_it_one_to_one():
    schema, _ = _pair(_parent_id())
    child = schema.tables[1]
    for changed in (
        replace(child, uniques=(UniqueConstraint("u", ("parent_id",)),)),
        replace(child, indexes=(Index("i", (IndexElement("parent_id"),), unique=True),)),
    ):
        text = generate(replace(schema, tables=(schema.tables[0], changed)))
        assert "parent |o..o| child" in text
    partial = replace(
        child,
        indexes=(Index("i", (IndexElement("parent_id"),), unique=True, where="x IS NULL"),),
    )
    assert "parent |o..o{ child" in generate(replace(schema, tables=(schema.tables[0], partial)))


def test_a_junction_tables_keys_are_identifying_and_marked_pk_fk(mermaid):
    schema = _neighbourhood()
    text = generate(schema, MermaidOptions(focus=QName("public", "d")))
    assert "        uuid a_id PK, FK" in text
    drawing = _draw(mermaid, text)
    assert sorted((e.start_entity, e.end_entity, e.dashed) for e in drawing.edges) == [
        ("a", "a_d", False),
        ("d", "a_d", False),
    ]
    assert drawing.entity("a_d").attributes[0] == ("uuid", "a_id", "PK,FK", "")


def test_a_self_reference_is_drawn(mermaid):
    table = _table("node", _column("parent_id", "uuid"))
    schema = Schema(tables=(table,), relationships=(_fk(table, ("parent_id",), table),))
    (edge,) = _draw(mermaid, generate(schema)).edges
    assert (edge.start_entity, edge.end_entity, edge.label) == ("node", "node", "parent_id")


def test_composite_foreign_keys_are_one_line_labelled_with_their_columns(mermaid):
    parent = replace(
        _table("parent", _column("code", "text"), key=None),
        columns=(_column("id"), _column("code", "text")),
        primary_key=PrimaryKey(("id", "code")),
    )
    child = _table("child", _column("parent_id"), _column("parent_code", "text"))
    relationship = Relationship(
        "r", child.qname, ("parent_id", "parent_code"), parent.qname, ("id", "code")
    )
    schema = Schema(tables=(parent, child), relationships=(relationship,))
    (edge,) = _draw(mermaid, generate(schema)).edges
    assert edge.label == "parent_id, parent_code"


# -- identifiers and determinism ----------------------------------------------------


def test_entity_ids_are_unique_ascii_and_independent_of_table_order():
    names = ["users", "my table", "my_table", "My Table", "class", "t_class", "名前", "名"]
    tables = [_table(name) for name in names] + [_table("users", schema="sales")]
    ids = entity_ids(Schema(tables=tuple(tables)))
    assert len(set(ids.values())) == len(tables)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", value) for value in ids.values())
    assert ids[QName("public", "users")] == "users"
    assert ids[QName("public", "my_table")] == "my_table"
    assert ids[QName("public", "t_class")] == "t_class"
    assert ids[QName("sales", "users")] == "sales_users"
    shuffled = list(tables)
    random.Random(3).shuffle(shuffled)
    assert entity_ids(Schema(tables=tuple(shuffled))) == ids
