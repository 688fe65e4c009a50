"""UK GDPR: the retention schedule and its nightly purge, a person's copy of
everything held about them, and erasure on request.

These sit in `home`, on top of the other apps (DESIGN.md, "Layout"), because
each of them reaches into every app that holds personal data.
"""
