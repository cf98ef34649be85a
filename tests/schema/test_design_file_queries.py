"""The design file carries the saved queries: written when there are some, read back
equal, refused when malformed, given new ids with the rest of the design."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from designer.demo import demo_schema
from designer.schema.design_file import DesignFileError, dump, dumps, load, loads
from designer.schema.ids import all_ids, with_new_ids
from designer.schema.model import Frequency, SavedQuery, Suppression

HOSTILE = "Line one\nline two — “quoted” <b>bold</b> `tick` \\ $1 -- not a comment"


def test_the_demo_file_holds_its_queries_in_order_and_reads_back_equal():
    schema = demo_schema()
    data = json.loads(dumps(schema))
    assert [query["name"] for query in data["queries"]] == [
        "Open todos of a user",
        "Sign in",
        "Todos due today",
    ]
    assert data["queries"][0] == {
        "id": schema.queries[0].id,
        "name": "Open todos of a user",
        "sql": schema.queries[0].sql,
        "frequency": "per_request",
        "note": schema.queries[0].note,
    }
    assert data["queries"][2]["frequency"] == "hourly"
    assert list(data)[-1] == "queries"  # written last, after the other optional keys
    assert loads(dumps(schema)) == schema


@pytest.mark.parametrize("frequency", list(Frequency))
def test_every_frequency_and_any_text_round_trips(frequency):
    query = SavedQuery(
        id="0b0f9d8e-3c55-4a49-9b5e-6f1a2b3c4d5e",
        name=HOSTILE,
        sql="SELECT 1 -- the note's ; is text\n",
        frequency=frequency,
        note=HOSTILE,
    )
    schema = replace(demo_schema(), queries=(query,))
    assert loads(dumps(schema)).queries == (query,)


def test_a_file_without_queries_reads_as_none_and_a_design_without_them_writes_none():
    data = dump(demo_schema())
    del data["queries"]
    schema = load(data)
    assert schema.queries == ()
    assert "queries" not in dump(schema)
    assert schema == replace(demo_schema(), queries=())


def _data():
    return json.loads(dumps(demo_schema()))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["queries"][0].update(extra=1), "unknown key 'extra'"),
        (lambda d: d["queries"][0].pop("note"), "lacks the key 'note'"),
        (lambda d: d["queries"][0].update(frequency="weekly"), "must be one of"),
        (lambda d: d["queries"][0].update(name=5), "must be a string"),
        (lambda d: d["queries"][0].update(sql=None), "must be a string"),
        (lambda d: d["queries"][0].update(id="not-a-uuid"), "is not a UUID"),
        (lambda d: d.update(queries={"a": 1}), "queries"),
    ],
)
def test_a_bad_query_is_refused_with_a_one_line_error(mutate, message):
    data = _data()
    mutate(data)
    with pytest.raises(DesignFileError) as caught:
        load(data)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_two_queries_with_one_id_are_refused():
    data = _data()
    data["queries"].append(dict(data["queries"][0], name="Another"))
    with pytest.raises(DesignFileError, match="two saved queries have the same id"):
        load(data)


def test_new_ids_give_every_query_a_new_id_and_keep_the_rest():
    schema = demo_schema()
    renamed = with_new_ids(schema)
    old = {query.id for query in schema.queries}
    new = {query.id for query in renamed.queries}
    assert len(new) == 3 and new.isdisjoint(old)
    assert new.isdisjoint(all_ids(schema))
    same = [replace(query, id="") for query in renamed.queries]
    assert same == [replace(query, id="") for query in schema.queries]
    assert loads(dumps(renamed)) == renamed


def test_a_suppression_naming_a_query_follows_its_new_id():
    schema = demo_schema()
    query = schema.queries[1]
    accepted = Suppression("query-broken", f"query={query.id}", "Fixed in the next release.")
    renamed = with_new_ids(replace(schema, suppressions=(accepted,)))
    assert renamed.suppressions[0].target == f"query={renamed.queries[1].id}"
