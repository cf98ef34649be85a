"""python manage.py seed_demo — create the demo project (users and todos), and, with DEBUG
on and no account yet, a local demo account whose sign-in it prints."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from designer.demo import DEMO_NAME, DEMO_SLUG, demo_schema
from designer.models import Project
from designer.operations import EditProject, ReplaceSchema
from designer.schema.ids import with_new_ids
from designer.services.edits import apply, create_project
from designer.store import ids_in_use


class Command(BaseCommand):
    help = "Create the demo project (slug 'demo'): users and their todos. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Put the demo back as seeded when it exists and was edited.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed when the store holds no project at all (used by `make run`).",
        )

    @transaction.atomic
    def handle(self, *args, reset: bool = False, if_empty: bool = False, **options):
        account = self._demo_account()
        if if_empty and Project.objects.exists():
            return
        project = Project.objects.filter(slug=DEMO_SLUG).first()
        if project is not None and not reset:
            self.stdout.write(f"The demo project already exists: /projects/{DEMO_SLUG}/")
            return
        schema = demo_schema()
        if ids_in_use(schema, exclude=project):
            schema = with_new_ids(schema)
        if project is None:
            # The local demo account (DEBUG only) owns it; in production a site
            # administrator gives it members.
            create_project(
                name=DEMO_NAME, slug=DEMO_SLUG, schema=schema, source="the demo", actor=account
            )
        else:
            operations = [
                ReplaceSchema(schema, source="the demo"),
                EditProject({"name": DEMO_NAME}),
            ]
            apply(project, operations)
        self.stdout.write(self.style.SUCCESS(f"Seeded the demo project: /projects/{DEMO_SLUG}/"))

    def _demo_account(self):
        """In DEBUG only (a laptop): a ``demo`` account when the store has no account, and
        how to sign in with it, each time while its password is still the demo one. Never
        in production: there the first account is ``createsuperuser``'s."""
        if not settings.DEBUG:
            return None
        users = get_user_model().objects
        if not users.exists():
            users.create_user(DEMO_USERNAME, password=DEMO_PASSWORD)
        demo = users.filter(username=DEMO_USERNAME).first()
        if demo is not None and demo.check_password(DEMO_PASSWORD):
            self.stdout.write(
                f"Sign in as {DEMO_USERNAME} with the password {DEMO_PASSWORD} "
                "(a local demo account: DEBUG only)."
            )
        return demo


DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo"
