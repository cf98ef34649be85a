"""Sensitive fields: sensitive-not-marked."""

import pytest

from designer.lint import MarkSensitive, Severity

from .build import add_columns, change_column, col, fires, good, quiet


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "passwd",
        "recovery_password_hash",
        "access_token",
        "refresh_tokens",
        "client_secret",
        "api_key",
        "apiKey",
        "jwt",
        "private_key",
        "ssn",
        "credit_card",
        "card_number",
        "iban",
        "totp_secret",
    ],
)
def test_sensitive_looking_fields_not_marked_are_reported(name):
    subject = add_columns(good(), "users", col(name, "varchar(255)"))
    finding = fires(subject, "sensitive-not-marked")
    users = subject.tables[0]
    assert finding.message == f"users.{name} looks sensitive but is not marked sensitive."
    assert "Read schemas" in finding.why
    assert finding.auto_fixes == (MarkSensitive(users.id, users.column(name).id),)
    assert finding.severity is Severity.WARNING
    assert fires(subject, "sensitive-not-marked", "relaxed").severity is Severity.WARNING


@pytest.mark.parametrize(
    ("name", "type"),
    [
        ("password_changed_at", "timestamptz"),
        ("failed_password_attempts", "integer"),
        ("has_api_key", "boolean"),
        ("token_type", "varchar(20)"),
        ("api_key_id", "uuid"),
        ("nickname", "varchar(100)"),
        ("tokenizer", "varchar(100)"),
    ],
)
def test_what_merely_describes_a_secret_is_not_reported(name, type):
    assert quiet(add_columns(good(), "users", col(name, type)), "sensitive-not-marked")


def test_marked_fields_pass():
    assert quiet(good(), "sensitive-not-marked")
    unmarked = change_column(good(), "users", "password_hash", sensitive=False)
    assert fires(unmarked, "sensitive-not-marked")
