"""The REST API (/api/v1/) for councils' HR and workforce systems.

It sits above every other app (DESIGN.md's layout): it reads through their
QuerySets and access helpers and writes through their services, so the API
scopes, audits and notifies exactly as the web pages do.
"""
