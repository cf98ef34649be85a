"""python manage.py versions SLUG --save NAME [--message M] | --list

Exit status: 0 when done, 1 when the version cannot be saved (a taken or malformed name,
a message too long), 2 when the command cannot run (unknown project). The reason is one
line on standard error.
"""

from datetime import UTC

from django.core.management.base import BaseCommand, CommandError

from designer.access import command_project
from designer.models import Project
from designer.operations import OperationError
from designer.services.versions import save_version, versions_of

FAILED = 2  # could not run; 1 means the version was refused


class Command(BaseCommand):
    help = (
        "Save a project's design as a named, immutable version (--save NAME), or list its "
        "versions, newest first (--list): name, revision, time, author, message."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the project's slug")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--save", metavar="NAME", help="save the design as version NAME")
        action.add_argument(
            "--list", action="store_true", dest="listing", help="list the project's versions"
        )
        parser.add_argument("--message", "-m", default="", help="what the version is (--save)")

    def handle(self, *args, slug: str, save: str | None, listing: bool, message: str, **options):
        project = command_project(slug)
        if project is None:
            raise CommandError(f"no project with the slug {slug!r}", returncode=FAILED)
        if save is None:
            self._list(project)
            return
        try:
            version = save_version(project, save, message)
        except OperationError as error:
            raise CommandError(error.message, returncode=1) from None
        self.stdout.write(f"Saved {slug} at revision {version.revision} as {version.name}.")

    def _list(self, project: Project) -> None:
        for version in versions_of(project).iterator():
            author = str(version.author) if version.author else "—"
            when = version.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            first_line = version.message.splitlines()[0] if version.message else ""
            self.stdout.write(
                f"{version.name}\tr{version.revision}\t{when}\t{author}\t{first_line}"
            )
