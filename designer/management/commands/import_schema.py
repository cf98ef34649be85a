"""python manage.py import_schema PATH --project SLUG [--format sql|json] [--replace]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from designer.models import Project
from designer.schema.design_file import DesignFileError, loads
from designer.store import create_project, replace_schema

FORMATS = ("json",)


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = (
        "Import a schema into a new project, or replace a project's contents with --replace. "
        "All or nothing: on any error nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to read, or - for standard input")
        parser.add_argument("--project", required=True, help="the slug of the project")
        parser.add_argument(
            "--format", choices=FORMATS, help="the file's format (default: from its extension)"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the contents of the existing project SLUG",
        )

    def handle(self, *args, path: str, project: str, format: str | None, replace: bool, **options):
        slug = project
        if slug != slugify(slug):
            raise CommandError(f"{slug!r} is not a valid slug (try {slugify(slug)!r})")
        fmt = format or self._guess_format(path)
        data = self._read(path, options.get("stdin") or sys.stdin)
        try:
            schema = loads(data)
        except DesignFileError as error:
            raise CommandError(f"{path}: {error}") from None

        existing = Project.objects.filter(slug=slug).first()
        with transaction.atomic():
            if existing is None:
                if replace:
                    raise CommandError(f"no project with the slug {slug!r} to replace")
                target = create_project(name=schema.name or slug, slug=slug, schema=schema)
                action = "Created"
            elif not replace:
                raise CommandError(
                    f"the project {slug!r} exists; add --replace to replace its contents"
                )
            else:
                replace_schema(existing, schema)
                target, action = existing, "Replaced"
        self.stdout.write(
            f"{action} project {target.slug} from {fmt}: {len(schema.tables)} tables, "
            f"{sum(len(t.columns) for t in schema.tables)} columns, "
            f"{len(schema.relationships)} relationships, {len(schema.enums)} enum types"
        )

    def _guess_format(self, path: str) -> str:
        if path == "-" or Path(path).suffix.lower() == ".json":
            return "json"
        raise CommandError(f"cannot tell the format of {path}; give --format")

    def _read(self, path: str, stdin) -> bytes:
        if path == "-":
            return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
        try:
            return Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
