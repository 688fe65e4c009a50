from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boroughs.loading import BoroughDataError
from boroughs.workforce import load_workforce


class Command(BaseCommand):
    help = (
        "Create or update DfE's children's social work workforce figures (2017-2025) for all "
        "153 English children's services authorities from boroughs/data/national/. Every row "
        "is checked first; a bad row changes nothing. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            metavar="PATH",
            help="Read the workforce CSV files from this directory instead.",
        )

    def handle(self, *args: object, data_dir: Path | None, **options: object) -> None:
        try:
            result = load_workforce(data_dir=data_dir)
        except BoroughDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.total} workforce figures for {result.authorities} authorities "
                f"({result.created} created, {result.updated} updated)."
            )
        )
