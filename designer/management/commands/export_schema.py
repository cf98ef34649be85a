"""python manage.py export_schema SLUG --format FORMAT [-o PATH] [--private-metadata]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from designer.access import command_project
from designer.artifacts import ARTIFACTS
from designer.generators.sqlmodel import SqlModelOptions
from designer.generators.sqlmodel import generate as sqlmodel_module
from designer.services.migrations import previous_design, previous_version
from designer.services.review import review


class Command(BaseCommand):
    help = "Write one of a project's artifacts to standard output or a file."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the project's slug")
        parser.add_argument("--format", required=True, choices=sorted(ARTIFACTS))
        parser.add_argument("-o", "--output", help="a file to write (default: standard output)")
        parser.add_argument(
            "--private-metadata",
            action="store_true",
            help="sqlmodel: the module's own metadata and registry, not SQLModel.metadata "
            "(for loading several generated modules in one process)",
        )

    def handle(self, *args, slug: str, format: str, output: str | None, **options):
        project = command_project(slug)
        if project is None:
            raise CommandError(f"no project with the slug {slug!r}")
        if options.get("private_metadata") and format != "sqlmodel":
            raise CommandError("--private-metadata applies to --format sqlmodel only")
        artifact = ARTIFACTS[format]
        current = review(project)  # the document shows the project's own review
        # and the migration from the last version saved before this revision
        previous = previous_design(previous_version(project, project.revision))
        if options.get("private_metadata"):
            private = SqlModelOptions(private_metadata=True)
            data = sqlmodel_module(current.schema, private).encode("utf-8")
        else:
            data = artifact.content(current.schema, tuple(current.findings), previous)
        if output is None:
            self._write_stdout(data, binary=artifact.binary)
            return
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from None
        self.stderr.write(f"Wrote {artifact.format} of {slug} to {output}")

    def _write_stdout(self, data: bytes, *, binary: bool) -> None:
        """The exact bytes when standard output has a byte stream, else the text."""
        stream = getattr(self.stdout._out, "buffer", None)
        if stream is not None:
            self.stdout.flush()
            stream.write(data)
            stream.flush()
        elif binary:
            raise CommandError("binary output needs -o PATH or a byte stream on standard output")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
