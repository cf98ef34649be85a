"""python manage.py import_schema PATH --project SLUG [--format sql|json|dbml|live] [--replace]"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from designer.access import command_project
from designer.importers.dbml import import_dbml
from designer.importers.summary import ImportFailure, ImportResult
from designer.operations import OperationError
from designer.services.imports import FORMATS, read_import, save_import

_SUFFIXES = {
    ".json": "json",
    ".sql": "sql",
    ".ddl": "sql",
    ".pgsql": "sql",
    ".psql": "sql",
    ".dbml": "dbml",
}
# DBML (dbdiagram.io's language) is read here by its own importer.
_FORMATS = (*FORMATS, "dbml")


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = (
        "Import a schema into a new project, or replace a project's contents with --replace. "
        "PATH is a file or - for standard input: a design file (--format json), PostgreSQL "
        "DDL such as a pg_dump --schema-only file (--format sql), DBML as dbdiagram.io writes "
        "it (--format dbml), or, with --format live, "
        "a database URL (postgresql://user:password@host:port/name) to read from its "
        "catalogs; give - and the URL on standard input to keep the password out of the "
        "process list. The live import connects only to the hosts LIVE_IMPORT_HOSTS allows "
        "(it is off when that is empty, as it is by default with DEBUG off) and takes only "
        "host, port, dbname, user, password and sslmode from the URL. "
        "All or nothing: on any error nothing is changed. The summary of what "
        "was imported, skipped and passed over is printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to read, - for standard input, or a URL")
        parser.add_argument("--project", required=True, help="the slug of the project")
        parser.add_argument(
            "--format",
            choices=_FORMATS,
            help="sql, json, dbml or live (default: from the file's extension; - means json)",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the contents of the existing project SLUG",
        )
        parser.add_argument(
            "--owner",
            metavar="USERNAME",
            help="the account that owns a new project (and authors the change); without it "
            "only site administrators see the project until they give it members",
        )
        parser.add_argument(
            "--schema",
            action="append",
            dest="schemas",
            metavar="NAME",
            help="only this PostgreSQL schema (repeatable); live reads public by default, "
            "sql imports every schema of the file by default",
        )

    def handle(self, *args, path: str, project: str, format: str | None, replace: bool, **options):
        slug = project
        owner = self._owner(options.get("owner"))
        if slug != slugify(slug):
            raise CommandError(f"{slug!r} is not a valid slug (try {slugify(slug)!r})")
        fmt = format or self._guess_format(path)
        stdin = options.get("stdin") or sys.stdin
        result = self._import(fmt, path, stdin, options.get("schemas"))
        schema = result.schema

        existing = command_project(slug)
        if existing is None and replace:
            raise CommandError(f"no project with the slug {slug!r} to replace")
        if existing is not None and not replace:
            raise CommandError(
                f"the project {slug!r} exists; add --replace to replace its contents"
            )
        source = "standard input" if path == "-" else Path(path).name
        if fmt == "live":
            source = "a live database"
        try:
            target = save_import(
                result,
                slug=slug,
                replace=existing,
                ids_from_file=fmt == "json",
                source=source,
                actor=owner,
            )
        except OperationError as error:
            raise CommandError(error.message) from None
        action = "Replaced" if existing else "Created"
        self.stdout.write(
            f"{action} project {target.slug} from {fmt}: {len(schema.tables)} tables, "
            f"{sum(len(t.columns) for t in schema.tables)} columns, "
            f"{len(schema.relationships)} relationships, {len(schema.enums)} enum types"
        )
        for line in result.summary.lines():
            self.stdout.write(line)

    def _owner(self, username: str | None):
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account named {username!r} (createsuperuser makes one)")
        return user

    def _import(self, fmt: str, path: str, stdin, schemas: list[str] | None) -> ImportResult:
        if fmt == "live":
            url = self._read(path, stdin).decode().strip() if path == "-" else path
            try:
                return read_import(fmt="live", url=url, schemas=schemas)
            except ImportFailure as error:
                raise CommandError(str(error)) from None
        data = self._read(path, stdin)
        try:
            if fmt == "dbml":
                name = None if path == "-" else _name_from(path)
                return import_dbml(data, name=name, schemas=schemas)
            return read_import(fmt=fmt, data=data, name=_name_from(path), schemas=schemas)
        except ImportFailure as error:
            raise CommandError(f"{path}: {error}") from None

    def _guess_format(self, path: str) -> str:
        if path == "-":
            return "json"
        if path.startswith(("postgres://", "postgresql://")):
            return "live"
        if fmt := _SUFFIXES.get(Path(path).suffix.lower()):
            return fmt
        shown = "that URL" if "://" in path else path  # a URL may hold a password
        raise CommandError(f"cannot tell the format of {shown}; give --format")

    def _read(self, path: str, stdin) -> bytes:
        if path == "-":
            return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
        try:
            return Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None


def _name_from(path: str) -> str:
    return "Imported schema" if path == "-" else Path(path).stem.replace("_", " ").strip()
