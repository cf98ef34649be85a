"""python manage.py lint_schema SLUG [--format text|json] [--profile strict|relaxed]

Exit status: 0 when no open error-level finding exists, 1 when one does (a CI gate), 2
when the review could not run (unknown project). The report goes to standard output; the
reason for a non-zero status is one line on standard error.
"""

from django.core.management.base import BaseCommand, CommandError

from designer.access import command_project
from designer.lint import DEFAULT_PROFILE, PROFILES, has_errors, lint, report
from designer.lint.findings import Severity
from designer.store import current_schema

FORMATS = ("text", "json")
FAILED = 2  # the review could not run; 1 means it ran and found errors


class Command(BaseCommand):
    help = (
        "Review a project's schema against the design rules (designer/lint/RULES.md) and "
        "print the findings, grouped by table (text) or as JSON. Exits with status 1 when "
        "an error-level finding is open, so that it can gate CI."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the project's slug")
        parser.add_argument("--format", choices=FORMATS, default="text")
        parser.add_argument(
            "--profile",
            choices=sorted(PROFILES),
            help=f"the review profile (default: the project's, else {DEFAULT_PROFILE})",
        )

    def handle(self, *args, slug: str, format: str, profile: str | None, **options):
        project = command_project(slug)
        if project is None:
            raise CommandError(f"no project with the slug {slug!r}", returncode=FAILED)
        schema = current_schema(project)
        profile = profile or schema.review_profile
        findings = lint(schema, profile, schema.suppressions)
        render = report.as_json if format == "json" else report.as_text
        self.stdout.write(render(findings, project=slug, profile=profile), ending="")
        if has_errors(findings):
            errors = report.counts(findings)[Severity.ERROR.value]
            noun = "error" if errors == 1 else "errors"
            raise CommandError(f"the design review of {slug} found {errors} {noun}", returncode=1)
