"""docker-compose.yml describes the full stack, and the v1 tool accepts it.

There is no Docker engine here: `docker-compose config` validates offline.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def compose(
    *args: str, secret_key: str | None = "a-secret-key-for-validating-the-file"
) -> subprocess.CompletedProcess:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail(
            "docker-compose (the v1 tool) is not installed: `make test` installs it "
            "(apt-get install --no-install-recommends docker-compose).",
            pytrace=False,
        )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    if secret_key is not None:
        environment["DJANGO_SECRET_KEY"] = secret_key
    return subprocess.run(
        [binary, "-f", "docker-compose.yml", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def service_blocks(config: str) -> dict[str, str]:
    """Each service's part of the normalised `docker-compose config` output.

    The tool prints services two spaces in and their keys four spaces in.
    """
    blocks: dict[str, list[str]] = {}
    in_services = False
    current = None
    for line in config.splitlines():
        if not line.startswith(" "):
            in_services = line == "services:"
            current = None
        elif in_services and line.startswith("  ") and not line.startswith("   "):
            current = line.strip().rstrip(":")
            blocks[current] = []
        elif in_services and current:
            blocks[current].append(line.strip())
    return {name: "\n".join(lines) for name, lines in blocks.items()}


def test_compose_file_is_valid():
    result = compose("config", "-q")

    assert result.returncode == 0, result.stderr


def test_compose_file_runs_the_whole_stack():
    result = compose("config")
    assert result.returncode == 0, result.stderr
    services = service_blocks(result.stdout)

    assert {"web", "worker", "beat", "db", "redis", "mail"} <= services.keys()
    assert "image: postgres:15" in services["db"]
    assert "image: redis:7" in services["redis"]
    assert "mailpit" in services["mail"]
    assert "gunicorn" in services["web"]
    assert "worker" in services["worker"]
    assert "beat" in services["beat"]
    for name in ("db", "redis"):
        assert "healthcheck:" in services[name], f"{name} has no healthcheck"
    for name in ("web", "worker", "beat"):
        block = services[name]
        assert "build:" in block, f"{name} is not built from the Dockerfile"
        assert "condition: service_healthy" in block, f"{name} does not wait for db and redis"
        assert "DATABASE_URL: postgres://" in block
        assert "REDIS_URL: redis://redis:6379" in block
        assert "EMAIL_URL: smtp://mail:1025" in block
        assert "DJANGO_DEBUG: '0'" in block


def test_compose_refuses_to_start_without_a_secret_key():
    result = compose("config", "-q", secret_key=None)

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_compose_passes_the_secret_key_it_is_given():
    result = compose("config", secret_key="the-operators-own-key")

    assert result.returncode == 0, result.stderr
    assert "DJANGO_SECRET_KEY: the-operators-own-key" in result.stdout
    assert "insecure" not in result.stdout


# --- Scaling out: `docker-compose up --scale web=3 --scale worker=3` ----------

SCALED = ("web", "worker", "delivery-worker")


def normalised_services() -> dict[str, dict]:
    import yaml

    result = compose("config")
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def test_scaled_services_publish_no_fixed_host_port_and_have_no_fixed_name():
    services = normalised_services()

    for name in SCALED:
        service = services[name]
        # Two containers cannot both take one host port, nor one name.
        assert not service.get("ports"), f"{name} publishes {service.get('ports')}"
        assert "container_name" not in service, name
    assert set(SCALED) | {"lb", "beat"} <= services.keys()


def test_one_load_balancer_is_the_service_s_port_in_front_of_every_web_container():
    services = normalised_services()
    lb = services["lb"]

    assert [(p["published"], p["target"]) for p in lb["ports"]] == [(8000, 8000)]
    assert "web" in lb["depends_on"]
    assert "--to web:8000" in lb["command"]
    assert services["web"]["expose"] == ["8000"]
    published = [
        port["published"] for service in services.values() for port in service.get("ports", [])
    ]
    assert len(published) == len(set(published)), "two services publish one host port"


def test_workers_consume_the_queues_and_delivery_has_a_worker_of_its_own():
    services = normalised_services()

    assert "--queues=default,matching,delivery" in services["worker"]["command"]
    assert services["delivery-worker"]["command"].endswith("--queues=delivery")
    assert "beat" in services["beat"]["command"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
