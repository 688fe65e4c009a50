from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boroughs.loading import BoroughDataError, load_boroughs


class Command(BaseCommand):
    help = (
        "Create or update London's boroughs and their neighbours from the reference data "
        "in boroughs/data/. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all-england",
            action="store_true",
            help=(
                "Also load all 153 English children's services authorities and link London "
                "boroughs to their neighbours outside London."
            ),
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            metavar="PATH",
            help="Read the CSV files from this directory instead of boroughs/data/.",
        )

    def handle(self, *args: object, all_england: bool, data_dir: Path | None, **options: object):
        try:
            result = load_boroughs(include_england=all_england, data_dir=data_dir)
        except BoroughDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.total} boroughs "
                f"({result.created} created, {result.updated} updated)."
            )
        )
