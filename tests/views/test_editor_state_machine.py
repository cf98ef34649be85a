"""Whatever the editor accepts, the exports apply: a state machine drives the editor's
endpoints as people do, with random valid and invalid input.

Each step posts one of the editor's forms (the Django test client against the real URL
conf): a new entity, a changed or deleted one; a field added, edited, moved or deleted,
of any type, with a default, a check, a name; a relationship of any kind and ON DELETE;
an index of columns, expressions, methods, operator classes, predicates; a unique or
check constraint; an enum type; the project's settings. Most of what it types is what
a careful person would, fitting the column it is for; one input in a few is not: a name
with quotes, spaces, unicode, 64 bytes, a reserved word or one taken by a table, an
index, a key or a sequence; a default or a check of the wrong type; an expression that
is not immutable in an index; an operator class that does not exist... After every step:

- no response is a 500 (the client raises it), and the revision moves on by one at most;
- after an accepted change (the revision moved on), the exported DDL applies on a
  PostgreSQL database emptied for it (no schema, no extension), and the exported design
  file reads back as the project's schema, ids and all.

``make test`` runs 20 examples of up to 30 steps (Hypothesis ends some sooner: about
500 steps in all); ``EDITOR_MACHINE_EXAMPLES`` and ``EDITOR_MACHINE_STEPS`` make a longer
run. The run fails if it made fewer steps than half of examples x steps (500 at most), or
too few of its changes were accepted to mean anything.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Iterator

import psycopg
import pytest
from django.urls import reverse
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from designer import models
from designer.schema import design_file
from designer.schema.sqltext import quote_ident
from designer.schema.types import TYPE_KEYS, TYPES, Params
from designer.services.edits import create_project
from designer.store import current_schema
from tests.strategies import AWKWARD_NAMES, PLAIN_WORDS
from tests.support.examples import examples
from tests.support.postgres import PgDatabase

EXAMPLES = int(os.environ.get("EDITOR_MACHINE_EXAMPLES") or examples(14))
STEPS = int(os.environ.get("EDITOR_MACHINE_STEPS") or 30)

ODD_NAMES = [
    "", " ", " padded", "x" * 64, "é" * 32, "é" * 31, 'quote"d', "it's", "my table",
    "名前", "xmin", "tableoid", "select", "order", "Mixed Case", "tab\tname", "nul\x00",
]  # fmt: skip
INTEGERS = ("smallint", "integer", "bigint")
NUMBERS = (*INTEGERS, "numeric", "real", "double precision")
# A default that fits each type (and a quoted value for every array).
GOOD_DEFAULTS = {
    "uuid": ["gen_random_uuid()"], "smallint": ["0", "1"], "integer": ["0", "42", "-1"],
    "bigint": ["0"], "numeric": ["0", "1.5"], "real": ["1.5"], "double precision": ["0"],
    "money": ["0", "'12.50'"], "boolean": ["true", "false", "'t'"], "varchar": ["''", "'x'"],
    "char": ["'x'"], "text": ["'n/a'", "''", "lower('X')"],
    "date": ["CURRENT_DATE", "'2024-01-31'"], "time": ["'12:30'", "LOCALTIME"],
    "timetz": ["CURRENT_TIME"], "timestamp": ["LOCALTIMESTAMP", "now()"],
    "timestamptz": ["now()", "'2024-01-31 12:30:00+02'"],
    "interval": ["'1 day'", "interval '2 hours'"], "json": ["'{}'"], "jsonb": ["'{}'", "'[]'"],
    "bytea": ["'\\x0a'"], "inet": ["'127.0.0.1'"], "cidr": ["'10.0.0.0/8'"],
    "macaddr": ["'08:00:2b:01:02:03'"], "bit": ["B'1'"], "varbit": ["'101'"],
    "tsvector": ["''"], "xml": ["'<a/>'"], "enum": ["'draft'"],
}  # fmt: skip
# Anything at all: fits some types, not others.
DEFAULTS = [
    "0", "1.5", "true", "'x'", "now()", "CURRENT_DATE", "'{}'", "'31/01/2024'", "'{a: 1}'",
    "'nope'", "ARRAY[1, 2]", "NULL", "random()", "'abc'", "now(", "0; DROP TABLE x",
    "(SELECT 1)", "max(1)", "nextval('s')", "1 + 1 + 1", "interval '2 hours'", "lower(1)",
]  # fmt: skip
# Conditions that fit columns of a kind of type, and any conditions at all.
CONDITIONS_FOR = {
    "number": ["{c} >= 0", "{c} BETWEEN 1 AND 10", "{c} <> 0", "{c} IS NULL OR {c} >= 0"],
    "text": ["char_length({c}) > 0", "{c} <> ''", "{c} ~ '^a'", "lower({c}) LIKE 'a%'"],
    "time": ["{c} > '2000-01-01'", "{c} IS NOT NULL"],
    "boolean": ["{c} OR {c} IS NULL", "NOT {c}"],
    "other": ["{c} IS NOT NULL"],
}
CONDITIONS = [
    "{c} > 0", "{c} = 'x'", "{c} > now()", "NOT {c}", "{c}", "{c} IN ('draft', 'done')",
    "{c} + 1", "'x'", "1", "true", "count(*) > 0", "{c} > random()", "char_length({c}) > 0",
]  # fmt: skip
# Index keys that fit columns of a kind of type (with the method they need), and any.
KEYS_FOR = {
    "number": [("({c} + 1)", "btree"), ("{c} DESC", "btree"), ("{c}", "brin")],
    "text": [("(lower({c}))", "btree"), ("{c} text_pattern_ops", "btree"),
             ("{c} gin_trgm_ops", "gin"), ("{c}", "hash")],
    "time": [("(date_trunc('day', {c}))", "btree"), ("(extract(year from {c}))", "btree"),
             ("(({c} AT TIME ZONE 'UTC')::date)", "btree"), ("{c} DESC", "btree")],
    "jsonb": [("({c} ->> 'a')", "btree"), ("{c} jsonb_path_ops", "gin"), ("{c}", "gin")],
    "array": [("{c}", "gin"), ("{c}", "btree")],
    "other": [("{c}", "btree"), ("{c} NULLS FIRST", "btree")],
}  # fmt: skip
KEYS = [
    "(random())", "(now())", "({c}::date)", "({c} || 'x')", '{c} "my ops"', "{c} int4_ops",
    "(date_trunc('day', {c}))", "({c}::text)", "(upper({c}))", "('x')", "{c} DESC",
]  # fmt: skip
METHODS = ["btree", "hash", "gin", "gist", "brin", "spgist", "bogus"]
ACTIONS = ["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"]
ENUM_VALUES = ["draft", "done", "archived", "it's", "Mixed Case", "ü"]


def url(name: str, *args) -> str:
    return reverse(f"designer:{name}", args=args)


def _kind(field: models.Field) -> str:
    return _kind_of(field.data_type, field.is_array)


def _kind_of(base: str, array: bool) -> str:
    """Which of the lists above fit a column of this type."""
    if array:
        return "array"
    if base in NUMBERS:
        return "number"
    if base in ("text", "varchar", "char"):
        return "text"
    if base in ("date", "timestamp", "timestamptz"):
        return "time"
    return base if base in ("boolean", "jsonb") else "other"


def _odd(data, chance: int = 5) -> bool:
    """True about once in ``chance`` draws: time for a value people get wrong. (The
    last value: Hypothesis draws the first one, its simplest, more often.)"""
    return data.draw(st.integers(0, chance - 1)) == chance - 1


class EditorMachine(RuleBasedStateMachine):
    """One project, changed through its editor's HTTP endpoints."""

    client = None  # set by the test: pytest-django's client
    database: PgDatabase | None = None
    counter = itertools.count()
    tally: Counter[str] = Counter()  # posts by form and outcome, over the whole run

    @initialize(data=st.data())
    def create_project(self, data) -> None:
        """A project with two entities of a few fields each, through the editor (the
        rules that change entities have something to change from the first step)."""
        self.slug = f"machine-{next(self.counter)}"
        self.project = create_project(name="Machine", slug=self.slug)
        self.checked_revision = -1
        for name in ("orders", "customers"):
            self._post("start: add entity", url("entity_create", self.slug), {"name": name})
        for entity in self._entities():
            for _ in range(data.draw(st.integers(1, 3))):
                values = self._field_values(data, entity, mistakes=False)
                path = url("field_create", self.slug, entity.id)
                self._post("start: add field", path, values)

    # --- what the project holds now ----------------------------------------------------

    def _revision(self) -> int:
        return models.Project.objects.values_list("revision", flat=True).get(pk=self.project.pk)

    def _entities(self) -> list[models.Entity]:
        return list(self.project.entities.all())

    def _fields(self, entity=None) -> list[models.Field]:
        fields = models.Field.objects.filter(entity__project=self.project)
        if entity is not None:
            fields = fields.filter(entity=entity)
        return list(fields.select_related("entity"))

    def _entity(self, data) -> models.Entity | None:
        entities = self._entities()
        return data.draw(st.sampled_from(entities)) if entities else None

    def _name(self, data) -> str:
        """A name people type: mostly a plain word; sometimes an awkward one, one taken
        by a table, an index, a key or a sequence, or one PostgreSQL refuses."""
        if not _odd(data, 3):
            word = data.draw(st.sampled_from(PLAIN_WORDS))
            return f"{word}_{data.draw(st.integers(1, 99))}" if data.draw(st.booleans()) else word
        taken = [entity.name for entity in self._entities()]
        taken += list(
            models.Index.objects.filter(entity__project=self.project)
            .exclude(name="")
            .values_list("name", flat=True)
        )
        taken += [f"pk_{name}" for name in taken[:3]] + [f"{name}_id_seq" for name in taken[:2]]
        choice = data.draw(st.integers(0, 2))
        if choice == 0 and taken:
            return data.draw(st.sampled_from(taken))
        if choice == 1:
            return data.draw(st.sampled_from(AWKWARD_NAMES))
        return data.draw(st.sampled_from(ODD_NAMES))

    def _field(self, data, entity) -> models.Field | None:
        fields = self._fields(entity)
        return data.draw(st.sampled_from(fields)) if fields else None

    def _post(self, label: str, path: str, values: dict) -> None:
        """Post a form (with htmx or without, as either kind of page would) and check
        what it did: no 500, and the revision moves on by one at most."""
        before = self._revision()
        data = {"base_revision": str(before)}
        for key, value in values.items():
            if value is True:
                data[key] = "on"
            elif value not in (False, None):
                data[key] = str(value)
        headers = {"HTTP_HX_REQUEST": "true"} if before % 2 == 0 else {}
        response = self.client.post(path, data, **headers)
        assert response.status_code in (200, 302), (label, response.status_code)
        after = self._revision()
        assert after in (before, before + 1), (before, after)
        outcome = f"{label}: {'accepted' if after != before else 'refused or unchanged'}"
        event(outcome)
        self.tally[outcome] += 1

    # --- entities ---------------------------------------------------------------------

    @rule(data=st.data())
    def add_entity(self, data) -> None:
        values = {
            "name": self._name(data),
            "schema_name": data.draw(st.sampled_from(["", "public", "public", "sales"]))
            if not _odd(data, 8)
            else data.draw(st.sampled_from(["Audit Log", " ", "x" * 64])),
            "description": data.draw(st.sampled_from(["", "Things.", "<b>bold</b> & 'quoted'"])),
        }
        self._post("add entity", url("entity_create", self.slug), values)

    @rule(data=st.data())
    def edit_entity(self, data) -> None:
        entity = self._entity(data)
        if entity is None:
            return
        values = {
            "name": entity.name,
            "schema_name": entity.schema_name,
            "description": entity.description,
            "timestamps": entity.timestamps,
            "pk_name": entity.pk_name,
        }
        aspect = data.draw(st.sampled_from(["name", "schema_name", "timestamps", "pk_name"]))
        if aspect == "name":
            values["name"] = self._name(data)
        elif aspect == "schema_name":
            values["schema_name"] = data.draw(st.sampled_from(["public", "sales", "Audit Log"]))
        elif aspect == "timestamps":
            values["timestamps"] = not entity.timestamps
        else:
            values["pk_name"] = "" if data.draw(st.booleans()) else self._name(data)
        self._post("edit entity", url("entity_edit", self.slug, entity.id), values)

    @rule(data=st.data())
    def delete_entity(self, data) -> None:
        entity = self._entity(data)
        if entity is not None and _odd(data, 4):
            self._post("delete entity", url("entity_delete", self.slug, entity.id), {})

    # --- fields -----------------------------------------------------------------------

    def _type_values(self, data) -> dict:
        enums = list(self.project.enum_types.values_list("id", flat=True))
        base = data.draw(st.sampled_from([key for key in TYPE_KEYS if key != "enum" or enums]))
        info = TYPES.get(base)
        values = {"data_type": base, "length": None, "precision": None, "scale": None}
        values["is_array"] = _odd(data, 6)
        values["enum_type"] = data.draw(st.sampled_from(enums)) if base == "enum" else None
        if info is not None and data.draw(st.booleans()):
            if info.params is Params.LENGTH:
                values["length"] = data.draw(st.sampled_from([1, 20, 255]))
            elif info.params is Params.PRECISION_SCALE:
                values["precision"] = data.draw(st.sampled_from([5, 10, 20]))
                values["scale"] = data.draw(st.sampled_from([None, 0, 2]))
            elif info.params is Params.FRACTIONAL_SECONDS:
                values["precision"] = data.draw(st.integers(0, 6))
        return values

    def _good_default(self, data, values: dict) -> str:
        if values.get("is_array"):
            return "'{}'"
        return data.draw(st.sampled_from(GOOD_DEFAULTS.get(values["data_type"], [""])))

    def _field_values(self, data, entity, mistakes: bool = True) -> dict:
        name = self._name(data) if mistakes else data.draw(st.sampled_from(PLAIN_WORDS))
        values = {
            "name": name,
            **self._type_values(data),
            "nullable": data.draw(st.booleans()),
            "default": "",
            "generated": "",
            "unique": _odd(data, 5),
            "primary_key": _odd(data, 8),
            "description": data.draw(st.sampled_from(["", "A field.", "It's “quoted”."])),
            "sensitive": _odd(data, 6),
        }
        if data.draw(st.booleans()):
            values["default"] = self._good_default(data, values)
        if values["data_type"] in INTEGERS and not values["is_array"] and _odd(data, 4):
            values.update(
                generated=data.draw(st.sampled_from(["identity_always", "serial"])),
                default="",
                nullable=False,
            )
        if _odd(data, 3):
            kind = _kind_of(values["data_type"], values["is_array"])
            templates = CONDITIONS_FOR.get(kind, CONDITIONS_FOR["other"])
            values["check_expression"] = data.draw(st.sampled_from(templates)).format(
                c=quote_ident(name)
            )
        if values["data_type"] in ("text", "varchar") and _odd(data, 4):
            values.update(min_length=1, max_length=50, pattern="^[a-z]+$")
        if mistakes and _odd(data, 3):
            values.update(self._mistake(data, entity))
        return values

    def _mistake(self, data, entity) -> dict:
        """One input of a field people get wrong."""
        column = self._field(data, entity)
        other = quote_ident(column.name) if column else "no_such_column"
        return data.draw(
            st.sampled_from(
                [
                    {"default": data.draw(st.sampled_from(DEFAULTS))},
                    {"check_expression": data.draw(st.sampled_from(CONDITIONS)).format(c=other)},
                    {"length": data.draw(st.sampled_from([0, 10485761, 20]))},
                    {"precision": data.draw(st.sampled_from([2000, 7, 3])), "scale": 5},
                    {"generated": "identity_by_default", "nullable": False},
                    {"data_type": "bogus"},
                    {"min_length": 9, "max_length": 3},
                    {"ge": data.draw(st.sampled_from(["abc", "nan", "1e999999"]))},
                    {"pattern": "("},
                    {"name": data.draw(st.sampled_from(ODD_NAMES))},
                ]
            )
        )

    @rule(data=st.data())
    def add_field(self, data) -> None:
        entity = self._entity(data)
        if entity is not None:
            values = self._field_values(data, entity)
            self._post("add field", url("field_create", self.slug, entity.id), values)

    @rule(data=st.data())
    def edit_field(self, data) -> None:
        fields = self._fields()
        if not fields:
            return
        field = data.draw(st.sampled_from(fields))
        values = {key: getattr(field, key) for key in (
            "name", "data_type", "length", "precision", "scale", "is_array", "nullable",
            "default", "generated", "unique", "primary_key", "check_expression", "description",
            "sensitive", "min_length", "max_length", "ge", "le", "pattern",
        )}  # fmt: skip
        values["enum_type"] = field.enum_type_id
        aspect = data.draw(
            st.sampled_from(
                [
                    "name",
                    "type",
                    "nullable",
                    "default",
                    "check",
                    "unique",
                    "primary_key",
                    "generated",
                    "mistake",
                ]
            )
        )
        if aspect == "name":
            values["name"] = self._name(data)
        elif aspect == "type":
            values.update(self._type_values(data))
            values["default"] = self._good_default(data, values) if data.draw(st.booleans()) else ""
        elif aspect == "nullable":
            values["nullable"] = not field.nullable
        elif aspect == "default":
            values["default"] = self._good_default(data, values)
        elif aspect == "check":
            templates = CONDITIONS_FOR.get(_kind(field), CONDITIONS_FOR["other"])
            values["check_expression"] = data.draw(st.sampled_from(["", *templates])).format(
                c=quote_ident(field.name)
            )
        elif aspect == "unique":
            values["unique"] = not field.unique
        elif aspect == "primary_key":
            values["primary_key"] = not field.primary_key
        elif aspect == "generated":
            values.update(generated=data.draw(st.sampled_from(["", "identity_always", "serial"])),
                          default="", nullable=False)  # fmt: skip
        else:
            values.update(self._mistake(data, field.entity))
        self._post("edit field", url("field_edit", self.slug, field.id), values)

    @rule(data=st.data())
    def move_field(self, data) -> None:
        fields = self._fields()
        if fields:
            field = data.draw(st.sampled_from(fields))
            direction = data.draw(st.sampled_from(["up", "down"]))
            path = url("field_move", self.slug, field.id)
            self._post("move field", path, {"direction": direction})

    @rule(data=st.data())
    def delete_field(self, data) -> None:
        fields = self._fields()
        if fields and _odd(data, 3):
            field = data.draw(st.sampled_from(fields))
            self._post("delete field", url("field_delete", self.slug, field.id), {})

    # --- relationships ----------------------------------------------------------------

    @rule(data=st.data())
    def add_relationship(self, data) -> None:
        entities = self._entities()
        if not entities:
            return
        entity = data.draw(st.sampled_from(entities))
        target = data.draw(st.sampled_from(entities))
        own = [str(field.id) for field in self._fields(entity)]
        on_delete = data.draw(st.sampled_from(ACTIONS))
        values = {
            "to_entity": str(target.id),
            "kind": data.draw(
                st.sampled_from(["one_to_many", "one_to_many", "one_to_one", "many_to_many"])
            ),
            "column": "new" if not _odd(data, 4) else data.draw(st.sampled_from(own or ["new"])),
            "column_name": "" if not _odd(data, 4) else self._name(data),
            "on_delete": on_delete,
            "on_update": data.draw(st.sampled_from(ACTIONS)),
            "required": on_delete != "SET NULL" and data.draw(st.booleans()),
            "from_attribute": data.draw(st.sampled_from(["", "owner"]))
            if not _odd(data)
            else data.draw(st.sampled_from(["class", "not valid", "owner"])),
            "to_attribute": data.draw(st.sampled_from(["", "items"])),
            "name": "" if not _odd(data, 4) else self._name(data),
            "add_index": data.draw(st.booleans()),
            "junction_name": "" if not _odd(data, 4) else self._name(data),
        }
        self._post("add relationship", url("relationship_create", self.slug, entity.id), values)

    @rule(data=st.data())
    def edit_relationship(self, data) -> None:
        relationships = list(models.Relationship.objects.filter(project=self.project))
        if not relationships:
            return
        relationship = data.draw(st.sampled_from(relationships))
        values = {
            "on_delete": data.draw(st.sampled_from(ACTIONS)),
            "on_update": data.draw(st.sampled_from(ACTIONS)),
            "deferral": data.draw(st.sampled_from(["", "deferrable", "deferred"])),
            "from_attribute": relationship.from_attribute,
            "to_attribute": relationship.to_attribute,
            "name": relationship.name if not _odd(data, 3) else self._name(data),
        }
        path = url("relationship_edit", self.slug, relationship.id)
        self._post("edit relationship", path, values)

    @rule(data=st.data())
    def delete_relationship(self, data) -> None:
        relationships = list(models.Relationship.objects.filter(project=self.project))
        if relationships and _odd(data, 4):
            relationship = data.draw(st.sampled_from(relationships))
            path = url("relationship_delete", self.slug, relationship.id)
            self._post("delete relationship", path, {})

    # --- indexes and constraints --------------------------------------------------------

    @rule(data=st.data())
    def add_index(self, data) -> None:
        entity = self._entity(data)
        fields = self._fields(entity) if entity else []
        if not fields:
            return
        keys, method = [], "btree"
        for _ in range(data.draw(st.integers(1, 2))):
            field = data.draw(st.sampled_from(fields))
            column = quote_ident(field.name) if data.draw(st.booleans()) else field.name
            if _odd(data, 4):
                keys.append(data.draw(st.sampled_from(KEYS)).format(c=column))
            else:
                template, method = data.draw(
                    st.sampled_from(KEYS_FOR.get(_kind(field), KEYS_FOR["other"]))
                )
                keys.append(template.format(c=column))
        field = data.draw(st.sampled_from(fields))
        values = {
            "keys": ", ".join(keys),
            "unique": method == "btree" and _odd(data, 4),
            "method": method if not _odd(data, 5) else data.draw(st.sampled_from(METHODS)),
            "where": "",
            "include": "",
            "rationale": data.draw(st.sampled_from(["", "Speeds up the list."])),
            "name": "" if not _odd(data, 3) else self._name(data),
        }
        if _odd(data, 3):
            templates = CONDITIONS if _odd(data, 3) else CONDITIONS_FOR.get(_kind(field), [])
            values["where"] = data.draw(st.sampled_from(templates or CONDITIONS)).format(
                c=quote_ident(field.name)
            )
        if method == "btree" and _odd(data, 6):
            values["include"] = quote_ident(data.draw(st.sampled_from(fields)).name)
        self._post("add index", url("index_create", self.slug, entity.id), values)

    @rule(data=st.data())
    def add_unique(self, data) -> None:
        entity = self._entity(data)
        fields = self._fields(entity) if entity else []
        if not fields:
            return
        chosen = data.draw(st.lists(st.sampled_from(fields), min_size=1, max_size=2))
        values = {
            "columns": ", ".join(sorted({quote_ident(field.name) for field in chosen})),
            "nulls_not_distinct": data.draw(st.booleans()),
            "name": "" if not _odd(data, 3) else self._name(data),
        }
        self._post("add unique", url("unique_create", self.slug, entity.id), values)

    @rule(data=st.data())
    def add_check(self, data) -> None:
        entity = self._entity(data)
        fields = self._fields(entity) if entity else []
        if not fields:
            return
        field = data.draw(st.sampled_from(fields))
        templates = CONDITIONS if _odd(data, 3) else CONDITIONS_FOR.get(_kind(field), [])
        values = {
            "expression": data.draw(st.sampled_from(templates or CONDITIONS)).format(
                c=quote_ident(field.name)
            ),
            "name": "" if not _odd(data, 3) else self._name(data),
        }
        self._post("add check", url("check_create", self.slug, entity.id), values)

    @rule(data=st.data())
    def delete_constraint(self, data) -> None:
        part = data.draw(st.sampled_from(["index", "unique", "check"]))
        model = {"index": models.Index, "unique": models.UniqueConstraint,
                 "check": models.CheckConstraint}[part]  # fmt: skip
        items = list(model.objects.filter(entity__project=self.project))
        if items and _odd(data, 3):
            item = data.draw(st.sampled_from(items))
            self._post(f"delete {part}", url(f"{part}_delete", self.slug, item.id), {})

    # --- enum types and settings ------------------------------------------------------

    def _enum_values(self, data) -> dict:
        values = data.draw(
            st.lists(st.sampled_from(ENUM_VALUES), min_size=1, max_size=4, unique=True)
        )
        if _odd(data, 6):
            values = data.draw(st.sampled_from([["draft", "draft"], [""], ["x" * 64]]))
        return {
            "name": self._name(data),
            "schema_name": data.draw(st.sampled_from(["", "public", "public", "sales"])),
            "description": "",
            "values_text": "\n".join(values),
        }

    @rule(data=st.data())
    def add_enum(self, data) -> None:
        self._post("add enum", url("enum_create", self.slug), self._enum_values(data))

    @rule(data=st.data())
    def edit_enum(self, data) -> None:
        enums = list(self.project.enum_types.all())
        if enums:
            enum = data.draw(st.sampled_from(enums))
            values = self._enum_values(data)
            if data.draw(st.booleans()):
                values.update(name=enum.name, schema_name=enum.schema_name)
            self._post("edit enum", url("enum_edit", self.slug, enum.id), values)

    @rule(data=st.data())
    def delete_enum(self, data) -> None:
        enums = list(self.project.enum_types.all())
        if enums and _odd(data, 3):
            enum = data.draw(st.sampled_from(enums))
            self._post("delete enum", url("enum_delete", self.slug, enum.id), {})

    @rule(data=st.data())
    def edit_settings(self, data) -> None:
        extensions = ["", "pg_trgm", "btree_gist, btree_gin", "pg_trgm, citext"]
        values = {
            "name": "Machine",
            "description": "",
            "pg_version": 15 if not _odd(data) else data.draw(st.sampled_from([16, 17, 9])),
            "key_strategy": data.draw(st.sampled_from(["uuid", "identity"])),
            "timestamps_default": data.draw(st.booleans()),
            "review_profile": data.draw(st.sampled_from(["strict", "relaxed"])),
            "extensions_text": data.draw(st.sampled_from(extensions))
            if not _odd(data)
            else data.draw(st.sampled_from(["nope", "earthdistance", "cube, earthdistance"])),
        }
        self._post("edit settings", url("project_settings", self.slug), values)

    # --- what must hold ---------------------------------------------------------------

    @invariant()
    def the_exports_apply_and_read_back(self) -> None:
        self.tally["(checks: after the start and after each step)"] += 1
        revision = self._revision()
        if revision == self.checked_revision:
            return
        self.checked_revision = revision
        schema = current_schema(self.project)
        ddl = self.client.get(url("export", self.slug, "sql"))
        assert ddl.status_code == 200
        _empty(self.database)
        try:
            self.database.run(ddl.content.decode())
        except psycopg.Error as error:
            raise AssertionError(
                f"the editor accepted a design whose DDL PostgreSQL refuses: {error}\n"
                f"{ddl.content.decode()}"
            ) from None
        exported = self.client.get(url("export", self.slug, "json"))
        assert exported.status_code == 200
        assert design_file.loads(exported.content) == schema


def _empty(database: PgDatabase) -> None:
    """No schema but an empty public, and no extension: the DDL must create its own."""
    database.reset()
    for (name,) in database.query("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'"):
        database.run(f"DROP EXTENSION IF EXISTS {quote_ident(name)} CASCADE")


@pytest.fixture(scope="module")
def machine_database(pg_server) -> Iterator[PgDatabase]:
    database = pg_server.create_database()
    try:
        yield database
    finally:
        database.drop()


@pytest.mark.postgres
@pytest.mark.django_db
def test_whatever_the_editor_accepts_the_exports_apply(client, machine_database):
    machine = type("Machine", (EditorMachine,), {"client": client, "database": machine_database})
    machine.tally = Counter()
    examples = 0

    class Counted(machine):  # type: ignore[valid-type, misc]
        def __init__(self) -> None:
            nonlocal examples
            examples += 1
            super().__init__()

    run_state_machine_as_test(
        Counted,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.filter_too_much,
            ],
        ),
    )
    steps = machine.tally.pop("(checks: after the start and after each step)") - examples
    accepted = sum(count for label, count in machine.tally.items() if "accepted" in label)
    posts = sum(machine.tally.values())
    print(f"\n{steps} steps in {examples} examples; {posts} posts, {accepted} accepted:")
    for label, count in sorted(machine.tally.items()):
        print(f"  {count:5} {label}")
    # The run means something only if it was long and many changes were accepted.
    assert steps >= min(500, EXAMPLES * STEPS // 2), steps
    assert accepted >= steps // 5, machine.tally
