"""HTTP benchmark: requests/s and p95 per page from gunicorn under wrk, against a floor.

    .venv/bin/python -m bench.http [--workers 100000] [--requests 10000] [--duration 5]

See __init__.py for what it measures and needs.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from bench.http.load import REPORT, Load, Server, require_wrk, run_wrk
from bench.http.seeding import SEED, open_database, seed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.http", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--workers", type=int, default=100_000, help="social workers (100000)")
    parser.add_argument("--requests", type=int, default=10_000, help="help requests (10000)")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed for the data")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page a round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over every page (3)")
    parser.add_argument("--connections", type=int, default=4, help="wrk's open connections (4)")
    parser.add_argument("--processes", type=int, default=3, help="gunicorn workers (3)")
    args = parser.parse_args(argv)
    wrk = require_wrk()  # before anything slow

    open_database()
    seed(workers=args.workers, requests=args.requests, seed=args.seed)
    from bench.http.pages import pages

    chosen = pages()
    with tempfile.TemporaryDirectory(prefix="bench-http-") as folder:
        script = Path(folder) / "report.lua"
        script.write_text(REPORT)
        floor_file = Path(folder) / "floor.html"
        server = Server(
            processes=args.processes, floor_file=floor_file, log_file=Path(folder) / "gunicorn.log"
        )
        try:
            server.wait_until_up()
            browse = next(page for page in chosen if page.name == "browse")
            floor_file.write_bytes(server.get(browse.path, browse.cookie))
            for page in chosen:  # warm every process's caches, and check every page answers
                for _ in range(args.processes * 2):
                    server.get(page.path, page.cookie)
            loads = {page.name: Load() for page in chosen}
            for _ in range(args.rounds):
                for page in chosen:
                    found = run_wrk(
                        wrk,
                        server.base + page.path,
                        page.cookie,
                        duration=args.duration,
                        connections=args.connections,
                        script=script,
                    )
                    load = loads[page.name]
                    load.requests += found["requests"]
                    load.seconds += found["seconds"]
                    load.errors += found["errors"]
                    load.p95_ms.append(found["p95_ms"])
            for page in chosen:  # still signed in: every load was of the page itself
                server.get(page.path, page.cookie)
        finally:
            server.stop()
    print(
        f"http: workers={args.workers} requests={args.requests} rounds={args.rounds} "
        f"duration={args.duration}s connections={args.connections} processes={args.processes}"
    )
    for page in chosen:
        load = loads[page.name]
        print(
            f"http: page={page.name} rps={load.rps:.1f} p95_ms={load.p95:.1f} errors={load.errors}"
        )
    floor = loads["floor"]

    def ratio(name: str) -> float:
        return loads[name].rps / floor.rps

    print(
        f"http: throughput_ratio={ratio('browse'):.2f} "
        f"p95_ratio={loads['browse'].p95 / floor.p95:.2f} "
        f"candidates_ratio={ratio('candidates'):.2f} "
        f"dashboard_ratio={min(ratio('dashboard_manager'), ratio('dashboard_worker')):.2f}"
    )
    return 1 if any(load.errors for load in loads.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
