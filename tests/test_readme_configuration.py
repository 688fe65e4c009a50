"""README.md's configuration table names every environment variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(
    r"""env\.(?:str|int|bool|list|float|db_url)\(\s*"([A-Z][A-Z0-9_]+)"|_whole\(\s*env,\s*"([A-Z][A-Z0-9_]+)"|"(SSO_[A-Z0-9_]+)\""""
)


def variables_read() -> set[str]:
    names = set()
    for module in sorted((ROOT / "config").glob("*.py")):
        for match in READS.finditer(module.read_text(encoding="utf-8")):
            names.add(next(group for group in match.groups() if group))
    return names


def test_the_settings_read_the_variables_this_test_looks_for():
    assert {"DJANGO_SECRET_KEY", "API_THROTTLE_RATE", "SSO_OIDC_MFA_ACR"} <= variables_read()
    assert {"SESSION_IDLE_TIMEOUT_MINUTES", "SIGN_IN_FAILURES_PER_ACCOUNT"} <= variables_read()


def test_every_variable_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(name for name in variables_read() if f"`{name}`" not in readme)
    assert not missing, f"Add to README.md's configuration table: {', '.join(missing)}"
