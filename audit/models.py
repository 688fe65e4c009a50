"""The audit log: one append-only row for every change a person or a task makes."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When

from audit import registry


class AuditEventQuerySet(models.QuerySet):
    def search(self, text: str, *, actions: Iterable[str] = ()) -> "AuditEventQuerySet":
        """Events whose actor's name or email, reason or action code contains the text.

        `actions` are extra action codes to match: those whose wording on screen
        contains the text, which the codes themselves may not.
        """
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(actor__full_name__icontains=text)
            | Q(actor__email__icontains=text)
            | Q(reason__icontains=text)
            | Q(action__icontains=text.replace(" ", "_"))
            | Q(action__in=list(actions))
        )

    def seen_by(self, coordinator) -> "AuditEventQuerySet":
        """The events a coordinator reads: every one for a national coordinator.
        A regional one sees those about records in their regions, and, for
        kinds of record with no authority of their own (registry.REGION_PATHS),
        those made by people of their regions. Anything else is for national
        coordinators only (a person with no borough, say)."""
        regions = coordinator.coordinated_regions
        if regions is None:
            return self
        if not regions:
            return self.none()
        scope = Q(pk__in=[])
        for code, (model, paths) in registry.REGION_PATHS.items():
            inside = model._default_manager.filter(coordinator.coordinator_scope(*paths))
            scope |= Q(object_type=code, object_id__in=inside.values("pk"))
        by_their_people = Q(actor__borough__region__in=sorted(regions))
        scope |= by_their_people & ~Q(object_type__in=list(registry.REGION_PATHS))
        return self.filter(scope)

    def on_or_after(self, day: datetime.date) -> "AuditEventQuerySet":
        # __date converts to the current time zone, so days are London days.
        return self.filter(at__date__gte=day)

    def on_or_before(self, day: datetime.date) -> "AuditEventQuerySet":
        return self.filter(at__date__lte=day)

    def about(self, obj: models.Model) -> "AuditEventQuerySet":
        return self.filter(object_type=registry.object_type_code(obj), object_id=obj.pk)

    def with_object_exists(self) -> "AuditEventQuerySet":
        """Annotate `object_exists`: whether the record the event is about is still there.

        One subquery per registered type in the same SELECT, so a page of events
        costs one query.
        """
        whens = [
            When(
                object_type=code,
                then=Exists(found.model.objects.filter(pk=OuterRef("object_id"))),
            )
            for code, found in registry.OBJECT_TYPES.items()
        ]
        return self.annotate(
            object_exists=Case(*whens, default=Value(False), output_field=BooleanField())
        )


class AuditEvent(models.Model):
    """Who did what to which record, from which state to which, why, and when (UTC).

    Append-only: nothing updates or deletes a row. It never copies personal
    values: a change lists the names of the fields that changed, not what
    they held.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=50)
    object_type = models.CharField(max_length=30)
    # Empty only for an event about no stored record (a failed sign-in with
    # an email address that has no account).
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"

    @property
    def from_label(self) -> str:
        return registry.state_label(self.object_type, self.from_state)

    @property
    def to_label(self) -> str:
        return registry.state_label(self.object_type, self.to_state)

    @property
    def action_label(self) -> str:
        return registry.action_label(self.action)
