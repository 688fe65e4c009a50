"""Imports run one way (DESIGN.md, "Layout"), and `make lint` holds them to it.

The contract lives in pyproject.toml ([tool.importlinter]). These tests show it
passes on the project as it is, and that it fails the moment a lower app
imports a higher one, even from inside a function.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "config",
    "boroughs",
    "accounts",
    "audit",
    "notifications",
    "secondments",
    "people",
    "money",
    "learning",
    "pressure",
    "matching",
    "home",
    "api",
]
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    for app in APPS:
        shutil.copytree(
            ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__", "data")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_project_keeps_the_contract(project_copy: Path) -> None:
    result = _lint(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "reverse_import"),
    [
        ("accounts/models/__init__.py", "from secondments.models import HelpRequest"),
        ("boroughs/models/authorities.py", "import accounts.models"),
        ("audit/services.py", "from notifications.services import notify"),
        ("secondments/services/requests.py", "from matching.models import Match"),
        ("notifications/services.py", "from home import digests"),
        ("secondments/services/requests.py", "from config.celery import app"),
    ],
)
def test_a_reverse_import_breaks_the_contract(
    project_copy: Path, module: str, reverse_import: str
) -> None:
    path = project_copy / module
    # Inside a function: a late import must not dodge the contract either.
    path.write_text(path.read_text() + f"\n\ndef _sneaky():\n    {reverse_import}\n")

    result = _lint(project_copy)

    assert result.returncode == 1, result.stdout
    assert "BROKEN" in result.stdout
    assert module.split("/")[0] in result.stdout
