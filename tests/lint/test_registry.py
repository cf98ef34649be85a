"""The registry: stable rule ids, severities per profile, and RULES.md kept in step."""

import os
import re
from pathlib import Path

import pytest

from designer.lint import PROFILES, Severity, rules
from designer.lint.registry import FAMILIES, RELAXED, STRICT, enum_rule, rule, rules_table

RULES_MD = Path(__file__).resolve().parents[2] / "designer" / "lint" / "RULES.md"
_TABLE = re.compile(r"(<!-- rules:start -->\n)(.*?)(<!-- rules:end -->)", re.DOTALL)


def test_rule_ids_are_unique_kebab_case_and_every_rule_checks_something():
    ids = [item.id for item in rules()]
    assert len(ids) == len(set(ids)) >= 30
    for item in rules():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item.id), item.id
        assert item.family in FAMILIES and item.title.endswith(".")
        assert any(check is not None for check in (item.check, item.check_enum, item.check_query))
        assert set(item.severities) == set(PROFILES)


def test_errors_are_errors_in_every_profile_and_relaxed_is_never_stricter():
    for item in rules():
        strict, relaxed = item.severities["strict"], item.severities["relaxed"]
        assert strict is not None, item.id
        if strict is Severity.ERROR:
            assert relaxed is Severity.ERROR, item.id
        if relaxed is not None:
            assert relaxed.rank >= strict.rank, item.id


def test_the_rules_come_in_family_order():
    families = [item.family for item in rules()]
    assert families == sorted(families, key=FAMILIES.index)


def test_a_rule_outside_a_family_module_is_refused():
    with pytest.raises(ValueError, match="is not a rule family"):
        rule("x-y", title="X.", strict=Severity.INFO, relaxed=None)(lambda context, table: ())
    with pytest.raises(ValueError, match="is not a rule family"):
        enum_rule("x-y", title="X.", strict=Severity.INFO, relaxed=None)(lambda c, e: ())


def test_the_profiles_are_strict_and_relaxed():
    assert PROFILES == {"strict": STRICT, "relaxed": RELAXED}


def test_rules_md_lists_every_rule_with_its_severities():
    text = RULES_MD.read_text()
    match = _TABLE.search(text)
    assert match, "RULES.md lost its rules:start / rules:end markers"
    if os.environ.get("UPDATE_GOLDEN"):
        RULES_MD.write_text(_TABLE.sub(lambda m: m[1] + rules_table() + m[3], text))
        return
    assert match[2] == rules_table(), "RULES.md is stale: run with UPDATE_GOLDEN=1"
