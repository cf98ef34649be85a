"""python manage.py migration SLUG --from V --to V|working [--direction up|down]
[--format sql|alembic] [--not-renamed ENUM]... [-o PATH]

python manage.py migration SLUG --from-live URL [--schema NAME ...] [--rename TOKEN ...]
[--direction ...] [--format ...] [-o PATH]

The migration between two designs of a project (saved versions, or ``working``: the
design now), or from a live database to the design (drift). A live database has no ids:
its objects match the design's by name, and the likely renames are printed on standard
error as ``--rename`` tokens to accept; a rename is never assumed.

Exit status: 0 when the migration was written, 1 when it cannot be written (a change the
generator cannot express; the way back of a step that cannot be undone), 2 when the
command cannot run (unknown project or version, a database that cannot be read). The
reason is one line on standard error; the warnings of destructive steps too.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from designer.access import command_project
from designer.generators.migration_sql import DOWN, UP, MigrationError
from designer.importers.summary import ImportFailure
from designer.models import Project
from designer.services.imports import read_import
from designer.services.migrations import (
    FORMATS,
    WORKING,
    CompareError,
    Comparison,
    compare,
    drift,
)

FAILED = 2  # could not run; 1 means the migration cannot be written


class Command(BaseCommand):
    help = (
        "Write the migration between two designs of a project (--from V --to V|working), or "
        "from a live database to the design (--from-live URL), as SQL or an Alembic revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the project's slug")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--from", dest="old", metavar="V", help="the version migrated from")
        source.add_argument(
            "--from-live",
            dest="url",
            metavar="URL",
            help="a PostgreSQL URL: the migration that brings that database to the design "
            "(hosts allowed by LIVE_IMPORT_HOSTS)",
        )
        parser.add_argument(
            "--to",
            dest="new",
            metavar="V",
            default=WORKING,
            help=f"the version migrated to, or {WORKING} (the design now; the default)",
        )
        parser.add_argument("--direction", choices=(UP, DOWN), default=UP)
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="sql")
        parser.add_argument("-o", "--output", metavar="PATH", help="write to PATH, not stdout")
        parser.add_argument(
            "--schema",
            dest="schemas",
            action="append",
            metavar="NAME",
            help="with --from-live: a PostgreSQL schema to read (repeat; default public)",
        )
        parser.add_argument(
            "--not-renamed",
            dest="not_renamed",
            action="append",
            default=[],
            metavar="ENUM",
            help="an enum type whose value that took another's place is a removal and an "
            "addition, not a rename (the diff guesses a rename otherwise)",
        )
        parser.add_argument(
            "--rename",
            dest="renames",
            action="append",
            default=[],
            metavar="TOKEN",
            help="with --from-live: accept a proposed rename, as printed (orders.code=orders.ref)",
        )

    def handle(self, *args, slug: str, old, url, new, direction, fmt, output, **options):
        project = command_project(slug)
        if project is None:
            raise CommandError(f"no project with the slug {slug!r}", returncode=FAILED)
        if url is None and options["renames"]:
            raise CommandError("--rename is for --from-live", returncode=FAILED)
        try:
            if url is None:
                comparison = compare(project, old, new, options["not_renamed"])
            else:
                if new != WORKING:
                    raise CompareError("--from-live migrates to the working copy only")
                comparison = self._drift(project, url, options["schemas"], options["renames"])
        except CompareError as error:
            raise CommandError(error.message, returncode=FAILED) from None
        try:
            filename, text = comparison.script(direction, fmt)
        except MigrationError as error:
            raise CommandError(f"the migration cannot be written: {error}", returncode=1) from None
        self._warn(comparison, direction)
        for change in comparison.diff.inferred:
            self.stderr.write(
                f"Guessed: {change.describe()}; --not-renamed {change.new_name} "
                "makes it a removal and an addition."
            )
        if output:
            path = Path(output)
            if path.is_dir():
                path = path / filename
            path.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {path} ({len(comparison.diff)} change(s)).")
        else:
            self.stdout.write(text, ending="")

    def _drift(self, project: Project, url: str, schemas, renames) -> Comparison:
        try:
            result = read_import(fmt="live", url=url, schemas=schemas or ["public"])
        except ImportFailure as error:
            raise CompareError(str(error)) from None
        comparison = drift(project, result.schema, "the live database", renames)
        for proposal in comparison.proposals:
            if proposal not in comparison.accepted:
                self.stderr.write(
                    f"Proposed rename ({proposal.describe()}), not applied: "
                    f"add --rename {proposal.token} to accept it."
                )
        return comparison

    def _warn(self, comparison: Comparison, direction: str) -> None:
        for step in comparison.risky_steps(direction):
            what = "irreversible" if step.irreversible else "destructive"
            self.stderr.write(f"Warning ({what}): {step.sentence}")
