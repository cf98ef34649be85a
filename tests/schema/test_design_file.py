import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given

from designer.demo import demo_schema
from designer.schema.design_file import VERSION, DesignFileError, dump, dumps, load, loads
from designer.schema.ids import all_ids, with_new_ids
from designer.schema.model import Suppression
from tests.strategies import schemas


@given(schemas())
def test_schema_to_json_to_schema_is_the_identity(schema):
    assert loads(dumps(schema)) == schema


@given(schemas())
def test_the_text_is_deterministic(schema):
    assert dumps(schema) == dumps(loads(dumps(schema)))


def test_renaming_ids_keeps_everything_else():
    schema = demo_schema()
    renamed = with_new_ids(schema)
    assert set(all_ids(renamed)).isdisjoint(all_ids(schema))
    assert len(set(all_ids(renamed))) == len(all_ids(schema))
    assert _without_ids(dump(renamed)) == _without_ids(dump(schema))


def _without_ids(data):
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def _demo_data():
    return json.loads(dumps(demo_schema()))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(version=VERSION + 1), f"version {VERSION + 1} is not supported"),
        (lambda d: d.update(format="other"), "not a design file"),
        (lambda d: d.pop("tables"), "lacks the key 'tables'"),
        (lambda d: d.update(extra=1), "unknown key 'extra'"),
        (lambda d: d["tables"][0].update(name=5), "tables[0].name must be a string"),
        (lambda d: d["tables"][0]["columns"][0].update(nullable="no"), "must be true or false"),
        (lambda d: d["relationships"][0].update(on_delete="EXPLODE"), "must be one of"),
        (lambda d: d["tables"][0].update(id="not-a-uuid"), "is not a UUID"),
        (lambda d: d["tables"][0]["columns"][1].update(default="1; DROP TABLE x"), "semicolon"),
        (lambda d: d["tables"][1].update(name="users"), "two tables have this name"),
    ],
)
def test_a_bad_file_gets_a_one_line_error(mutate, message):
    data = _demo_data()
    mutate(data)
    with pytest.raises(DesignFileError) as caught:
        load(data)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("text", [b"", b"not json", b"\xff\xfe", b"[]", b'"a"'])
def test_non_json_is_refused(text):
    with pytest.raises(DesignFileError):
        loads(text)


# --- versions and the review's part ------------------------------------------------------------

DATA = Path(__file__).parent / "data"


def test_a_version_1_file_still_opens_with_the_strict_profile_and_no_suppressions():
    """``data/demo_design_v1.json`` was written by the version-1 writer (before the
    review's settings were part of the design); it must open for ever."""
    old = json.loads((DATA / "demo_design_v1.json").read_text())
    assert old["version"] == 1 and "review" not in old
    schema = load(old)
    assert schema == replace(demo_schema(), queries=())  # the demo's queries came later
    assert schema.review_profile == "strict" and schema.suppressions == ()
    assert dump(schema)["version"] == VERSION == 2


def test_the_review_settings_round_trip_and_follow_new_ids():
    table = demo_schema().tables[1]
    column = table.column("user_id")
    target = f"table={table.id};columns={column.id}"
    schema = replace(
        demo_schema(),
        review_profile="relaxed",
        suppressions=(Suppression("fk-no-on-delete", target, "Deletes go through the API."),),
    )
    assert loads(dumps(schema)) == schema
    renamed = with_new_ids(schema)
    new_table = renamed.tables[1]
    assert renamed.suppressions[0].target == (
        f"table={new_table.id};columns={new_table.column('user_id').id}"
    )


@pytest.mark.parametrize(
    ("review", "message"),
    [
        ({"profile": "lenient", "suppressions": []}, "the profile 'lenient' is not one of"),
        (
            {
                "profile": "strict",
                "suppressions": [{"rule": "r", "target": "t", "reason": "x"}] * 2,
            },
            "suppressed twice",
        ),
    ],
)
def test_a_bad_review_part_is_refused(review, message):
    data = dump(demo_schema())
    data["review"] = review
    with pytest.raises(DesignFileError, match=message):
        load(data)
