"""GOV.UK component macros, remembered by their parameters.

A govuk-frontend-jinja macro is a pure function of the one dict it is given:
the same parameters always give the same HTML. Each call is slow, though (the
macros build their markup through other macros, `trim` and `indent`), so the
header, navigation, buttons, tags, hints and form fields that every page
repeats are rendered once and then reused. The key tells escaped text from
markup (`Markup` and Django's `SafeString`), so reusing can never change what
is escaped; parameters holding anything but plain data (a lazy string, an
undefined variable, a model) are not remembered but rendered every time.
"""

from __future__ import annotations

import threading
from pathlib import Path

from jinja2 import Environment
from jinja2.runtime import Macro

# Enough for every distinct component on the busiest pages many times over;
# the cache starts again when full, so memory stays bounded.
MAX_ENTRIES = 4096


class _Uncacheable(Exception):
    pass


def _key(value):
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return ("html", str(value)) if hasattr(value, "__html__") else value
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _key(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(_key(v) for v in value))
    raise _Uncacheable


class RememberedMacro:
    """Calls a macro once per distinct set of parameters."""

    def __init__(self, macro: Macro) -> None:
        self.macro = macro
        self.cache: dict = {}
        self.lock = threading.Lock()

    def __call__(self, *args, **kwargs):
        if kwargs or len(args) != 1:
            return self.macro(*args, **kwargs)
        try:
            key = _key(args[0])
        except _Uncacheable:
            return self.macro(*args)
        found = self.cache.get(key)
        if found is None:
            found = self.macro(*args)
            with self.lock:
                if len(self.cache) >= MAX_ENTRIES:
                    self.cache.clear()
                self.cache[key] = found
        return found


def remember_component_macros(env: Environment, package_dir: Path) -> None:
    """Wrap every govukX macro of govuk-frontend-jinja's components.

    `{% from "govuk_frontend_jinja/components/tag/macro.html" import govukTag %}`
    reads the component's cached module, so wrapping the macro there wraps it
    for every template (and for the components that use each other).
    """
    for path in sorted((package_dir / "templates" / "components").glob("*/macro.html")):
        name = f"govuk_frontend_jinja/components/{path.parent.name}/macro.html"
        module = env.get_template(name).module
        for attribute in dir(module):
            macro = getattr(module, attribute)
            if attribute.startswith("govuk") and isinstance(macro, Macro):
                setattr(module, attribute, RememberedMacro(macro))
