"""Sessions in the database, as Django's default, ignoring a cookie no session could have.

Django issues keys of 32 lower-case letters and digits. A cookie can carry a
NUL (as the octal escape "\\000" in a quoted value), which PostgreSQL refuses
in a lookup, so every page failed for whoever sent it; such a key is now
simply no session, like one that has expired.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        return bool(super()._validate_session_key(key)) and key.isascii() and key.isalnum()
