"""`manage.py check --deploy` passes with the production settings a README
reader would set, and fails loudly when one of them is forgotten."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What README.md's configuration table asks an operator to set.
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3Yv-pR0d-9f2Lq7Xw1Zs8Nc4Bt6Hm0Jd5Ge3Ua2Vo7Ri1Ty4Pe9Wk6Qz8",
    "DJANGO_ALLOWED_HOSTS": "secondments.example",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://secondments.example",
    "DATABASE_URL": "postgres://secondments@db.example:5432/secondments",
    "REDIS_URL": "redis://redis.example:6379/0",
    "EMAIL_URL": "smtp://mail.example:25",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
}


def check_deploy(**overrides: str) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    environment.update(PRODUCTION, **overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = check_deploy()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_hsts():
    result = check_deploy(DJANGO_SECURE_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_check_deploy_fails_when_hsts_leaves_out_subdomains():
    result = check_deploy(DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="0")

    assert result.returncode != 0
    assert "security.W005" in result.stderr
