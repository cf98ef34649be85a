from dataclasses import replace

from hypothesis import given

from designer.demo import demo_schema
from designer.schema.model import Index, IndexElement, Table
from designer.schema.naming import assign_names, expression_words, trigger_name, trim_identifier
from tests.strategies import schemas


def test_the_demo_follows_the_convention():
    schema = demo_schema()
    names = assign_names(schema)
    users, todos = schema.tables
    assert names.primary_key(users) == "pk_users"
    assert names.unique_column(users.column("email").id) == "uq_users_email"
    assert names.check_column(todos.column("title").id) == "ck_todos_title"
    assert names.foreign_key(schema.relationships[0]) == "fk_todos_user_id"
    assert names.index(todos.indexes[0].id) == "ix_todos_user_id_completed"
    assert trigger_name(users) == "trg_users_updated_at"


def test_long_names_are_cut_to_63_bytes_with_a_stable_hash():
    long = "ix_" + "very_long_table_name_" * 5
    trimmed = trim_identifier(long)
    assert len(trimmed.encode()) <= 63
    assert trimmed == trim_identifier(long)
    assert trimmed != trim_identifier(long + "x")


def test_multibyte_names_are_cut_on_a_character_boundary():
    trimmed = trim_identifier("ix_" + "名前" * 30)
    assert len(trimmed.encode()) <= 63
    trimmed.encode().decode()  # still valid UTF-8


def test_expression_keys_name_an_index_by_their_words():
    assert expression_words('lower("Email")') == "lower_email"


def test_colliding_names_get_a_counter():
    table = demo_schema().tables[1]
    twin = Index("twin", (IndexElement(column="user_id"), IndexElement(column="completed")))
    schema = replace(
        demo_schema(),
        tables=(demo_schema().tables[0], replace(table, indexes=(*table.indexes, twin))),
    )
    names = assign_names(schema)
    assert names.index("twin") == "ix_todos_user_id_completed_2"


def test_generated_names_avoid_table_names():
    clash = Table("t2", "ix_todos_user_id_completed", ())
    schema = replace(demo_schema(), tables=(*demo_schema().tables, clash))
    names = assign_names(schema)
    assert names.index(demo_schema().tables[1].indexes[0].id) == "ix_todos_user_id_completed_2"


def _owners(schema):
    """Which PostgreSQL schema each named object's id belongs to, and the explicit names."""
    owner, explicit = {}, set()
    for table in schema.tables:
        ids = [table.id, *(c.id for c in table.columns)]
        ids += [item.id for item in (*table.uniques, *table.checks, *table.indexes)]
        ids += [rel.id for rel in schema.relationships_from(table.qname)]
        owner.update(dict.fromkeys(ids, table.schema))
        explicit |= {item.name for item in (*table.uniques, *table.checks, *table.indexes)}
        explicit |= {rel.name for rel in schema.relationships_from(table.qname)}
        if table.primary_key:
            explicit.add(table.primary_key.name)
    return owner, explicit - {None}


@given(schemas())
def test_generated_names_are_unique_short_and_deterministic(schema):
    names = assign_names(schema)
    assert names == assign_names(schema)
    owner, explicit = _owners(schema)
    seen = set()
    for (_, object_id), name in names.by_id.items():
        assert len(name.encode()) <= 63
        if name not in explicit:
            key = (owner[object_id], name)
            assert key not in seen, f"{name} is generated twice"
            seen.add(key)
