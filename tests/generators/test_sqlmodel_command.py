"""``export_schema --format sqlmodel [--private-metadata]``: the module's two forms."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def _export(path: Path, *flags: str) -> str:
    call_command(
        "export_schema", "demo", "--format", "sqlmodel", "-o", str(path), *flags,
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    return path.read_text(encoding="utf-8")


def test_the_command_writes_sqlmodel_metadata_or_a_private_one(tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    shared = _export(tmp_path / "shared.py")
    assert "metadata = SQLModel.metadata" in shared
    assert "class TableBase(SQLModel):" in shared
    private = _export(tmp_path / "private.py", "--private-metadata")
    assert "metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)" in private
    assert "class TableBase(SQLModel, registry=registry(metadata=metadata)):" in private
    with pytest.raises(CommandError, match="sqlmodel only"):
        call_command("export_schema", "demo", "--format", "sql", "--private-metadata")
