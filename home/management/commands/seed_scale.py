import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from home.scale import SCALE_DOMAIN
from home.scale.seeding import SeedRefused, seed_scale

DEFAULT_PASSWORD = "scale-seed-password"


class Command(BaseCommand):
    help = (
        "Fill an empty PostgreSQL database with all 153 English authorities and a "
        "country's worth of social workers, help requests, applications, placements, "
        "timesheets, learning events and pressure reports, for benchmarks. The same "
        f"--seed makes the same rows. Every account is at @{SCALE_DOMAIN} and shares "
        "one published password; refuses a database that holds anyone else."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=100_000, help="Social workers.")
        parser.add_argument("--requests", type=int, default=10_000, help="Help requests.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same rows.")
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="The password every account shares."
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Pretend it is this day (YYYY-MM-DD), to make the same dates again.",
        )

    def handle(self, *args: object, **options) -> None:
        # The accounts share a published password: never on a live service.
        if not (settings.DEBUG or settings.DEMO_MODE):
            raise CommandError(
                "seed_scale creates accounts with a published password, so it only runs "
                "with DJANGO_DEBUG=1 or SECONDMENTS_DEMO_MODE=1."
            )
        if options["workers"] < 1 or options["requests"] < 1:
            raise CommandError("--workers and --requests must each be at least 1")
        try:
            counts = seed_scale(
                workers=options["workers"],
                requests=options["requests"],
                seed=options["seed"],
                password=options["password"],
                today=options["today"],
                # The raw stream: OutputWrapper would end each redraw of the
                # bar with a new line.
                stream=self.stderr._out,
            )
        except SeedRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        seconds = counts.pop("seconds")
        for name, count in counts.items():
            self.stdout.write(f"{count:>9,} {name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded in {seconds} s. Sign in as coordinator@{SCALE_DOMAIN}, "
                f"manager1.e09000007@{SCALE_DOMAIN} (Camden) or worker000001@{SCALE_DOMAIN} "
                f"with the password {options['password']!r}."
            )
        )
