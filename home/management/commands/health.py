"""`manage.py health`: the checks behind /health/, for an operator's shell or a probe."""

from django.core.management.base import BaseCommand, CommandError

from config.health import HEALTHY, is_healthy, run_checks


class Command(BaseCommand):
    help = (
        "Check the database, the Celery broker and a Celery worker. "
        "Prints a line per check; exits 1 if any fails."
    )

    def handle(self, *args, **options) -> None:
        results = run_checks()
        for name, message in results.items():
            style = self.style.SUCCESS if message in HEALTHY else self.style.ERROR
            self.stdout.write(style(f"{name}: {message}"))
        if not is_healthy(results):
            failing = [name for name, message in results.items() if message not in HEALTHY]
            raise CommandError(f"unhealthy: {', '.join(failing)}", returncode=1)
