"""Models for events (see learning/models/__init__.py)."""

__all__: list[str] = []
