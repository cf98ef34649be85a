"""The corpus of real public PostgreSQL schemas the tests import and round-trip.

A copy of the team's shared corpus (``tests/corpus/<name>/schema.sql``, with each
schema's source, commit, licence and edits in ``SOURCE.md``), kept in the repository so
that the tests need nothing outside the checkout.
"""

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CORPUS_NAMES = (
    "chinook",
    "northwind",
    "pagila",
    "openstreetmap",
    "adventureworks",
    "procrastinate",
    "pgboss",
    "graphile_worker",
    "pgqueuer",
)


def corpus_sql(name: str) -> str:
    return (CORPUS / name / "schema.sql").read_text()
