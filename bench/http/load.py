"""gunicorn as production runs it, and wrk loading one page at a time."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# wrk reports these percentiles itself only for 50/75/90/99: ask its Lua API for p95.
REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("bench_p95_us=%d\\n", latency:percentile(95.0)))
  io.write(string.format("bench_requests=%d\\n", summary.requests))
  io.write(string.format("bench_duration_us=%d\\n", summary.duration))
  io.write(string.format("bench_errors=%d\\n", summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
"""


def require_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        sys.exit(
            "bench.http needs wrk, the HTTP load generator, and it is not installed: "
            "run `make bench-tools` (Debian's wrk package: apt-get install -y wrk)"
        )
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the production command line (docker-compose.yml), on a free port."""

    def __init__(self, *, processes: int, floor_file: Path, log_file: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, BENCH_HTTP_FLOOR_FILE=str(floor_file))
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log_file = log_file
        self.log = log_file.open("w")  # its request log (one line a request) and errors
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(processes),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(
                    f"gunicorn stopped with exit code {self.process.returncode}:\n"
                    + self.log_file.read_text()[-3000:]
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not start within a minute")

    def get(self, path: str, cookie: str) -> bytes:
        """One request, which must answer 200 itself (no redirect to sign in)."""

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie})
        try:
            with opener.open(request, timeout=120) as response:
                if response.status != 200:
                    raise RuntimeError(f"GET {path} answered {response.status}")
                return response.read()
        except urllib.error.HTTPError as error:
            raise RuntimeError(
                f"GET {path} answered {error.code} {error.headers.get('Location', '')}"
            ) from None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@dataclass
class Load:
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    p95_ms: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p95(self) -> float:
        ordered = sorted(self.p95_ms)
        return ordered[len(ordered) // 2]  # the median round's


def run_wrk(
    wrk: str, url: str, cookie: str, *, duration: int, connections: int, script: Path
) -> dict[str, float]:
    completed = subprocess.run(
        [
            wrk,
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{duration}s",
            "--timeout",
            "30s",
            "--header",
            f"Cookie: {cookie}",
            "--script",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = dict(re.findall(r"^bench_(\w+)=(\d+)$", completed.stdout, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", completed.stdout)
    return {
        "requests": int(found["requests"]),
        "seconds": int(found["duration_us"]) / 1e6,
        "p95_ms": int(found["p95_us"]) / 1000,
        "errors": int(found["errors"]) + (int(non_2xx.group(1)) if non_2xx else 0),
    }
