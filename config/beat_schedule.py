"""Celery beat's static schedule (no database scheduler: ECOSYSTEM.md)."""

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    "lapse-expired-registrations": {
        "task": "people.tasks.lapse_expired_registrations",
        "schedule": crontab(minute=15, hour=1),
    },
    "expire-due-requests": {
        "task": "secondments.tasks.expire_due_requests",
        "schedule": crontab(minute=5),
    },
    "advance-placements": {
        "task": "secondments.tasks.advance_placements",
        "schedule": crontab(minute=10),
    },
    "match-sweep": {
        "task": "matching.tasks.match_sweep",
        "schedule": crontab(minute=30, hour=2),
    },
    "requeue-stuck-notifications": {
        "task": "notifications.tasks.requeue_stuck_notifications",
        "schedule": 60.0,
    },
    "send-reminders": {
        "task": "secondments.tasks.send_reminders",
        "schedule": crontab(minute=0, hour="7-18"),
    },
    "weekly-digest": {
        "task": "home.tasks.weekly_digest",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
    # References and placement ratings still to give, 5 and 10 working days on.
    "feedback-reminders": {
        "task": "learning.tasks.send_feedback_reminders",
        "schedule": crontab(minute=20, hour=9, day_of_week="mon-fri"),
    },
    # New learning events that suit each social worker; one summary per ISO week.
    "event-digests": {
        "task": "learning.tasks.event_digests",
        "schedule": crontab(minute=30, hour=7, day_of_week="tue"),
    },
    # Weekdays at 8; the service itself skips bank holidays.
    "timesheet-reminders": {
        "task": "money.tasks.send_timesheet_reminders",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon-fri"),
    },
    # Daily: a newly qualified worker's supervision due (learning/supervision/reminders.py).
    "supervision-reminders": {
        "task": "learning.tasks.send_supervision_reminders",
        "schedule": crontab(minute=30, hour=8),
    },
    # Crisis calls: widen, remind, tell the coordinators (pressure/crisis/widening.py).
    # Hourly in working hours; the service counts working days and claims each step once.
    "crisis-calls-advance": {
        "task": "pressure.tasks.advance_crisis_calls",
        "schedule": crontab(minute=40, hour="7-18"),
    },
    # UK GDPR: delete or anonymise what is past the retention schedule (home/privacy/).
    "retention-purge": {
        "task": "home.tasks.retention_purge",
        "schedule": crontab(minute=45, hour=3),
    },
}
