"""Models for supervision (see learning/models/__init__.py)."""

__all__: list[str] = []
