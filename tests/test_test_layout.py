"""No test module imports another: what tests share lives in modules named for
what it does (factories.py, request_input.py, concurrency.py, clock.py, ...).

A test module imported by another runs its module-level code, fixtures and
all, in the importer too, and moving or renaming one test breaks others.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _is_test_module(dotted: str) -> bool:
    """Whether `tests.test_x`, `tests.test_x.y` or (relative) `test_x` names a test module."""
    parts = dotted.split(".")
    if parts[0] == "tests":
        parts = parts[1:]
    return bool(parts) and parts[0].startswith("test_")


def imports_of_test_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) for each import of a test module, wherever it is in the source,
    inside functions and classes included."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("tests.test_")]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if (node.level == 0 and module == "tests") or (node.level > 0 and not module):
                # from tests import test_x / from . import test_x
                prefix = "." * node.level if node.level else "tests."
                found += [
                    (node.lineno, prefix + a.name) for a in node.names if _is_test_module(a.name)
                ]
            elif (node.level > 0 or module.startswith("tests.")) and _is_test_module(module):
                found.append((node.lineno, "." * node.level + module))
    return sorted(found)


def test_no_test_module_imports_another():
    offences = [
        f"{path.name}:{line} imports {module}"
        for path in sorted(TESTS.glob("test_*.py"))
        for line, module in imports_of_test_modules(path.read_text())
    ]

    assert offences == [], (
        "Test modules import other test modules; move what they share to a helper "
        "module in tests/ named for what it does:\n" + "\n".join(offences)
    )


def test_every_way_of_importing_a_test_module_is_caught():
    caught = {
        "from tests.test_help_request_lifecycle import request_data": 1,
        "import tests.test_approve_concurrency": 1,
        "import tests.test_approve_concurrency as race": 1,
        "from tests import test_release_escalation": 1,
        "from tests import factories, test_release_escalation": 1,
        "from .test_browse_requests import help_request": 1,
        "from . import test_browse_requests": 1,
        "def f():\n    from tests.test_help_request_pages import _form\n": 2,
        "class T:\n    def f(self):\n        import tests.test_delivery\n": 3,
    }
    allowed = [
        "from tests.factories import HelpRequestFactory",
        "from tests import factories",
        "from tests.request_input import request_data",
        "from .personas import TwoFactorClient",
        "import tests.conftest",
        "from testing_tools import test_x",
    ]

    for source, line in caught.items():
        assert [found_line for found_line, _ in imports_of_test_modules(source)] == [line], source
    for source in allowed:
        assert imports_of_test_modules(source) == [], source
