"""SQLModel code for a schema: one importable, standalone, ruff-clean Python module.

``generate(schema, options)`` returns the module's text, the same bytes for the same
schema. The module depends only on sqlmodel, SQLAlchemy, pydantic and the standard
library. Its tables are in ``SQLModel.metadata`` (also named ``metadata`` in the module),
as SQLModel's tutorial and Alembic's ``target_metadata`` expect; ``private_metadata``
gives the module a metadata and registry of its own instead. ``create_all`` builds the
catalog the DDL generator's script builds, and Alembic's autogenerate finds no
difference between the models and that database: ``tests/generators/test_sqlmodel.py``
and ``test_sqlmodel_alembic.py`` prove both on a real PostgreSQL.

Per table: ``<Name>Base`` (the shared, validated fields), ``<Name>`` (the table:
``__tablename__``, key, foreign keys, server defaults, named constraints and indexes in
``__table_args__``, relationships), and ``<Name>Create`` / ``<Name>Update`` /
``<Name>Read`` for an API. The pipeline: ``plan`` decides every name, role and type,
``render`` writes the sections, ``code`` lays the text out as ``ruff format`` would.
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.schema.model import Schema, Table

from .plan import plan
from .render import render, render_model


@dataclass(frozen=True)
class SqlModelOptions:
    api_models: bool = True  # the Create / Update / Read classes beside the table models
    # The module's own metadata and registry rather than SQLModel's: for loading several
    # generated modules in one process (SQLModel.metadata holds one table of each name).
    private_metadata: bool = False


def generate(schema: Schema, options: SqlModelOptions | None = None) -> str:
    """The SQLModel module of ``schema``: same input, byte-identical output."""
    options = options or SqlModelOptions()
    return render(
        plan(schema), api_models=options.api_models, private_metadata=options.private_metadata
    )


def entity_source(schema: Schema, table: Table) -> str:
    """The classes of one table (Base, table model, Create / Update / Read), as written in
    the whole module; for the editor's preview of one entity."""
    return render_model(plan(schema), table.id)


__all__ = ["SqlModelOptions", "entity_source", "generate"]
