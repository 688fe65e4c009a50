"""Applications: a worker's offer of help with a request, or the host's invitation."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import RegistrationStatus, WorkerProfile
from secondments.models.placements import Placement
from secondments.working_days import working_days_between


class ApplicationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    INTERESTED = "interested", "Offered to help"
    SELECTED = "selected", "Selected by host"
    RELEASED = "released", "Released by home borough"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined by host"
    REFUSED = "refused", "Release refused"
    REJECTED = "rejected", "Rejected by coordinator"
    WITHDRAWN = "withdrawn", "Withdrawn"
    LAPSED = "lapsed", "Lapsed"


ACTIVE_APPLICATION_STATES = (
    ApplicationStatus.INVITED,
    ApplicationStatus.INTERESTED,
    ApplicationStatus.SELECTED,
    ApplicationStatus.RELEASED,
)


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ApplicationQuerySet":
        """The applications Application.can_be_seen_by lets this person see."""
        if user.is_coordinator:
            return self.filter(user.coordinator_scope("help_request__borough", "worker__borough"))
        if user.is_manager:
            return self.filter(
                Q(help_request__borough_id=user.borough_id) | Q(worker__borough_id=user.borough_id)
            )
        return self.filter(worker=user)

    def active(self) -> "ApplicationQuerySet":
        return self.filter(status__in=ACTIVE_APPLICATION_STATES)

    def awaiting_release_by(self, user) -> "ApplicationQuerySet":
        """Selected applications from the manager's own staff."""
        return self.filter(status=ApplicationStatus.SELECTED, worker__borough_id=user.borough_id)

    def awaiting_approval(self) -> "ApplicationQuerySet":
        return self.filter(status=ApplicationStatus.RELEASED)

    def awaiting_release(self) -> "ApplicationQuerySet":
        """Selected applications from every borough: what a coordinator may escalate."""
        return self.filter(status=ApplicationStatus.SELECTED)

    def awaiting_selection_in(self, borough) -> "ApplicationQuerySet":
        """Offers of help with the borough's requests, waiting for its managers to decide."""
        return self.filter(status=ApplicationStatus.INTERESTED, help_request__borough=borough)

    def escalated(self) -> "ApplicationQuerySet":
        """Releases a home manager left too long: a coordinator may now decide."""
        return self.filter(release_escalated_at__isnull=False)

    def not_escalated(self) -> "ApplicationQuerySet":
        return self.filter(release_escalated_at__isnull=True)

    def with_overlap_warning(self) -> "ApplicationQuerySet":
        """Annotate `overlaps_placement`: the worker already has a booked placement
        on some of the request's dates, so approving would be refused (the
        coordinator's dashboard flags these; the queues show every warning)."""
        clashes = (
            Placement.objects.booked()
            .filter(
                worker=OuterRef("worker"),
                starts_on__lte=OuterRef("help_request__ends_on"),
                ends_on__gte=OuterRef("help_request__starts_on"),
            )
            .exclude(application=OuterRef("pk"))
        )
        return self.annotate(overlaps_placement=Exists(clashes))

    def longest_selected_first(self) -> "ApplicationQuerySet":
        return self.order_by("selected_at", "pk")

    def newest_first(self) -> "ApplicationQuerySet":
        return self.order_by("-created_at", "-pk")

    def longest_waiting_first(self) -> "ApplicationQuerySet":
        return self.order_by("updated_at", "pk")


class Application(models.Model):
    """A worker's offer of help with a request, or the host's invitation to one."""

    help_request = models.ForeignKey(
        "HelpRequest", on_delete=models.CASCADE, related_name="applications"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    note = models.TextField("note to the host manager", blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_reason = models.TextField(blank=True)
    selected_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    # Set when a release has waited too long and a coordinator may decide
    # instead of the home manager (anti-hoarding).
    release_escalated_at = models.DateTimeField(null=True, blank=True)
    # Set when the worker's home borough released them before anyone selected
    # them (a crisis call's agreed offer): selecting them moves the
    # application straight on to released, as this manager's release.
    released_in_advance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_in_advance_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["help_request", "worker"], name="one_application_per_worker_per_request"
            )
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.worker} for {self.help_request}"

    def get_absolute_url(self) -> str:
        return reverse("application_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_APPLICATION_STATES

    @property
    def worker_registration(self) -> RegistrationStatus:
        """The worker's registration, judged against the request's last day.

        Reads the profile already loaded (select_related "worker__worker_profile"
        on lists); a worker without a profile counts as having no registration.
        """
        profile = getattr(self.worker, "worker_profile", None) or WorkerProfile(
            user_id=self.worker_id
        )
        return profile.registration_status(through=self.help_request.ends_on)

    def can_be_seen_by(self, user) -> bool:
        """The worker, the host's and the home borough's managers and coordinators:
        the people who see the application page and write in its thread."""
        return (
            user.coordinates(self.help_request.borough, self.worker.borough)
            or self.worker_id == user.pk
            or user.manages(self.help_request.borough)
            or user.manages(self.worker.borough)
        )

    def working_days_since_selected(self, today: datetime.date) -> int:
        """How long the home manager has had to release or refuse, in the working
        days the escalation counts (bank holidays skipped)."""
        selected_on = timezone.localdate(self.selected_at or self.updated_at)
        return working_days_between(selected_on, today)

    @property
    def is_released_in_advance(self) -> bool:
        return self.released_in_advance_at is not None

    def can_be_released_by(self, user) -> bool:
        """The worker's home managers decide; once escalated, a coordinator of the
        worker's home region (the release is the home side's decision)."""
        if user.is_manager and user.borough_id == self.worker.borough_id:
            return True
        return self.release_escalated_at is not None and user.coordinates(self.worker.borough)

    def can_be_approved_by(self, user) -> bool:
        """A placement's approval belongs to the coordinators of the host's region."""
        return user.coordinates(self.help_request.borough)
