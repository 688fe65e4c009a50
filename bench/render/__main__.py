"""Render benchmark: ms per page for browse, a request, an application and each dashboard.

    .venv/bin/python -m bench.render [--quick] [--repeat 200] [--warmup 5]

Seeds its own database, then times each page in-process; see __init__.py for
the details.
"""

import argparse
import sys

from bench.render.database import open_database
from bench.render.seeding import FULL, QUICK, SEED, Size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.render", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="small data set and few repetitions: a smoke run"
    )
    parser.add_argument("--requests", type=int, help=f"help requests to seed ({FULL.requests})")
    parser.add_argument("--workers", type=int, help=f"social workers to seed ({FULL.workers})")
    parser.add_argument("--repeat", type=int, help="timed requests per page (200; quick 3)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed for the data")
    args = parser.parse_args(argv)
    base = QUICK if args.quick else FULL
    size = Size(requests=args.requests or base.requests, workers=args.workers or base.workers)
    repeat = args.repeat or (3 if args.quick else 200)
    warmup = 1 if args.quick else args.warmup

    open_database()
    from bench.render.pages import measure, pages
    from bench.render.seeding import seed

    seed(size, seed=args.seed)
    print(
        f"render: requests={size.requests} workers={size.workers} repeat={repeat} warmup={warmup}"
    )
    measure(pages(), repeat=repeat, warmup=warmup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
