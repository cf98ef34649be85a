"""python manage.py analyze_query SLUG [FILE|-] [--format text|json]"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from pglast import parser

from designer.access import command_project
from designer.store import load_schema
from designer.workbench.analysis import analyses, analyze
from designer.workbench.report import analysis_data, analysis_text


class Command(BaseCommand):
    help = (
        "Analyse queries against a project's design: the index that serves each table "
        "access or the index to add, and findings (deep OFFSET, NOT IN, unindexed "
        "foreign-key joins, SELECT * on wide tables). Without FILE, the project's saved "
        "queries; with FILE (or - for standard input), the statements in it, separated "
        "by ';', each analysed as its own query. Exit status 1 when a query does not "
        "parse or names a table or column the design does not have; 2 for an unknown "
        "project."
    )
    stealth_options = ("stdin",)  # a stream to read instead of sys.stdin (tests)

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the project's slug")
        parser.add_argument(
            "file",
            nargs="?",
            help="a file of SQL statements separated by ';' (- for standard input); "
            "default: the project's saved queries",
        )
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args, slug: str, file: str | None, format: str, **options):
        project = command_project(slug)
        if project is None:
            raise CommandError(f"no project with the slug {slug!r}", returncode=2)
        schema = load_schema(project)
        if file is None:
            found = analyses(schema)
            results = [found[query.id] for query in schema.queries]
            headings = [f" ({query.frequency.label})" for query in schema.queries]
        else:
            results = [
                analyze(schema, sql, name=name)
                for name, sql in _statements(file, options.get("stdin") or sys.stdin)
            ]
            headings = [""] * len(results)
        if format == "json":
            data = {"project": slug, "queries": [analysis_data(result) for result in results]}
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        elif not results:
            self.stdout.write("The project has no saved queries.")
        else:
            texts = [analysis_text(r, h) for r, h in zip(results, headings, strict=True)]
            self.stdout.write("\n".join(texts), ending="")
        failed = sum(1 for result in results if not result.ok)
        if failed:
            raise CommandError(
                f"{failed} of {len(results)} queries do not parse or name what the design "
                "does not have",
                returncode=1,
            )


def _statements(file: str, stdin) -> list[tuple[str, str]]:
    """(name, SQL) of each statement of the file: split at the ``;`` that end
    statements; a text that does not parse is one query (whose error is reported)."""
    if file == "-":
        text, label = stdin.read(), "stdin"
    else:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from None
        label = Path(file).name
    try:
        pieces = [piece for piece in parser.split(text) if piece.strip()]
    except Exception:
        pieces = [text]
    if not pieces:
        pieces = [text]
    if len(pieces) == 1:
        return [(label, pieces[0])]
    return [(f"{label} #{number}", piece) for number, piece in enumerate(pieces, start=1)]
