"""Models for references (see learning/models/__init__.py)."""

__all__: list[str] = []
