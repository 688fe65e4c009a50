"""Scheduled and queued work for pressure: thin tasks that call services."""
