"""No module grows past ~450 lines: STYLE.md's "a module past ~400 lines becomes a package".

Migrations are generated and tests are long lists of cases, so neither counts.
"""

from pathlib import Path

MAX_LINES = 450
ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRECTORIES = {".git", ".venv", "node_modules", "migrations", "__pycache__"}


def project_modules() -> list[Path]:
    modules = []
    for directory, subdirectories, files in ROOT.walk():
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name not in SKIPPED_DIRECTORIES and directory / name != ROOT / "tests"
        )
        modules.extend(directory / name for name in sorted(files) if name.endswith(".py"))
    return modules


def test_the_walk_finds_the_project_and_skips_tests_and_migrations():
    found = {path.relative_to(ROOT).as_posix() for path in project_modules()}
    assert {"manage.py", "secondments/models/requests.py", "bench/matching/__main__.py"} <= found
    assert not any(
        path.startswith(("tests/", ".venv/", "node_modules/")) or "/migrations/" in path
        for path in found
    )


def test_no_module_is_over_450_lines():
    too_long = []
    for path in project_modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not too_long, (
        f"Over {MAX_LINES} lines; split each into a package of modules named for what "
        "they do (STYLE.md):\n" + "\n".join(too_long)
    )
