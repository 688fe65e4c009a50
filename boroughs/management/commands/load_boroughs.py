import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boroughs.loading import BoroughDataError, load_boroughs


class Command(BaseCommand):
    help = (
        "Create or update England's 153 children's services authorities, their centroids "
        "and their neighbours from the reference data in boroughs/data/. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # All 153 have always been loaded since the national geography came in;
        # the old flag still works so that scripts written for it do.
        parser.add_argument("--all-england", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument(
            "--data-dir",
            type=Path,
            metavar="PATH",
            help="Read the CSV files from this directory instead of boroughs/data/.",
        )

    def handle(self, *args: object, data_dir: Path | None, **options: object) -> None:
        try:
            result = load_boroughs(data_dir=data_dir)
        except BoroughDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.total} boroughs "
                f"({result.created} created, {result.updated} updated) and "
                f"{result.neighbour_pairs} neighbouring pairs "
                f"({result.neighbour_links_added} added, {result.neighbour_links_removed} removed)."
            )
        )
