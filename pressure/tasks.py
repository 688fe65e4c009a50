"""Scheduled and queued work for pressure: thin tasks that call services."""

from celery import shared_task

from pressure.crisis.widening import crisis_calls_advance


@shared_task(name="pressure.tasks.advance_crisis_calls")
def advance_crisis_calls() -> dict[str, int]:
    """Widen crisis calls, remind silent boroughs, then tell the coordinators.
    Safe to run twice: each step is claimed once (pressure/crisis/widening.py)."""
    return crisis_calls_advance()
