import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from home.demo.learning_events import seed_events
from home.demo.learning_references import seed_references
from home.demo.learning_reports import seed_reports
from home.demo.learning_supervision import seed_supervision
from home.demo.marketplace import seed_marketplace
from home.demo.money import placement_worker_login, seed_money
from home.demo.people import DemoResult, seed_demo
from home.demo.pressure_crisis import seed_crisis
from home.demo.pressure_league import seed_league
from home.demo.pressure_reports import seed_pressure_reports
from home.demo.privacy import seed_erasure_requests  # UK GDPR (issue 12)
from home.demo.single_sign_on import seed_single_sign_on


class Command(BaseCommand):
    help = (
        "Load the London boroughs, then create demo teams, borough managers, a coordinator "
        "and social workers who all share one published password. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=200, help="How many social workers.")
        parser.add_argument(
            "--seed", type=int, default=2026, help="The same seed always makes the same people."
        )

    def handle(self, *args: object, workers: int, seed: int, **options: object) -> None:
        # Every demo account, a coordinator among them, shares one published password:
        # such accounts must never appear on a live service.
        if not (settings.DEBUG or settings.DEMO_MODE):
            raise CommandError(
                "seed_demo creates accounts with a published password, so it only runs "
                "with DJANGO_DEBUG=1 or SECONDMENTS_DEMO_MODE=1."
            )
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        with quiet_seeding():
            result = seed_demo(workers=workers, seed=seed)
            # The marketplace comes second: it needs the people, and its requests,
            # applications and placement go through the audited services.
            result.created["help requests"] = seed_marketplace()
            # Then the money side: agreements, a worked history with timesheets,
            # statements and agency rates, through the same services.
            result.created["money history items"] = seed_money()
            # And what placements teach: references, a published learning
            # report, learning events, a supervised newly qualified placement.
            result.created["references and ratings"] = seed_references()
            result.created["learning reports"] = seed_reports()
            result.created["learning events"] = seed_events()
            result.created["supervision sessions"] = seed_supervision()
            # The league table: DfE's figures if missing, and a few boroughs' own reports.
            result.created["league table figures and reports"] = seed_league()
            # The reports' history: months of requests, and times to fill.
            result.created["report history items"] = seed_pressure_reports()
            # A crisis call from Haringey, answered in part (after the people and
            # the marketplace; after the DfE figures where they are loaded).
            result.created["crisis calls"] = seed_crisis()
            # Single sign-on (issue 12): the demo boroughs' email domains and trusted tenants.
            result.created["boroughs set up for single sign-on"] = seed_single_sign_on()
            # UK GDPR (issue 12): a pending request to remove a worker's data.
            result.created["erasure requests"] = seed_erasure_requests()
            on_placement = placement_worker_login()
            if on_placement:
                result.logins.append(on_placement)
        for line in login_table(result):
            self.stdout.write(line)


@contextmanager
def quiet_seeding() -> Iterator[None]:
    """Send the seeding's emails nowhere and its routine log lines too.

    Its notifications are still written, so the notification centre shows them.
    The demo's people have made-up addresses, and `make run` runs tasks in-process
    and prints email on the console: the seeding's fifty-odd emails and a line per
    task would bury the logins table.
    """
    saved_mailers, saved_disable = settings.MAILERS, logging.root.manager.disable
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        settings.MAILERS = saved_mailers
        logging.disable(saved_disable)


def login_table(result: DemoResult) -> list[str]:
    if result.created_anything:
        made = ", ".join(f"{count} {what}" for what, count in result.created.items() if count)
        summary = f"Demo data created: {made}."
    else:
        summary = "Demo data already in place: nothing created."
    header = ("Role", "Borough", "Name", "Email", "Team")
    rows = [
        (login.role, login.borough or "-", login.full_name, login.email, login.team)
        for login in result.logins
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

    return [
        summary,
        "",
        "Demo logins",
        line(header),
        line(tuple("-" * width for width in widths)),
        *(line(row) for row in rows),
        "",
        f"Password for every demo login: {result.password}",
        *mfa_note(),
    ]


def mfa_note() -> list[str]:
    if settings.DEMO_MODE:
        return ["Demo mode is on: managers and coordinators are not asked to set up MFA."]
    return [
        "In demo mode (SECONDMENTS_DEMO_MODE=1, as `make run` sets) managers and coordinators",
        "are not asked to set up MFA. It is off now, so they must add an authenticator app",
        "when they first sign in.",
    ]
