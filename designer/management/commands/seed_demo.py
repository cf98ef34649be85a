"""python manage.py seed_demo — create the demo project (users and todos)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from designer.demo import DEMO_NAME, DEMO_SLUG, demo_schema
from designer.models import Project
from designer.store import replace_schema


class Command(BaseCommand):
    help = "Create the demo project (slug 'demo'): the seeds' users and todos. Idempotent."

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
        if if_empty and Project.objects.exists():
            return
        project = Project.objects.filter(slug=DEMO_SLUG).first()
        if project is not None and not reset:
            self.stdout.write(f"The demo project already exists: /projects/{DEMO_SLUG}/")
            return
        if project is None:
            project = Project.objects.create(name=DEMO_NAME, slug=DEMO_SLUG)
        else:
            project.name = DEMO_NAME
        replace_schema(project, demo_schema())
        self.stdout.write(self.style.SUCCESS(f"Seeded the demo project: /projects/{DEMO_SLUG}/"))
