"""Learning reports (the outside view) and the practice library they may join."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse

from secondments.models import PlacementStatus

__all__ = ["REPORT_TEXT_MAX", "LearningReport", "LearningReportQuerySet", "LibraryStatus"]

REPORT_TEXT_MAX = 4000
# The moderated text may gather the three answers into one, so it has room for them.
PUBLISHED_TEXT_MAX = 3 * REPORT_TEXT_MAX
PUBLISHED_TITLE_MAX = 200
RETURN_REASON_MAX = 2000
# A worker may write from the last week of the placement onwards.
WRITE_FROM_DAYS_BEFORE_END = 6


class LibraryStatus(models.TextChoices):
    NOT_OFFERED = "not_offered", "Not offered to the library"
    AWAITING_MODERATION = "awaiting", "Awaiting moderation"
    RETURNED = "returned", "Returned to the author"
    PUBLISHED = "published", "Published in the library"


class LearningReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LearningReportQuerySet":
        """Coordinators see the reports of placements hosted or lent in their
        regions; managers those about their borough and those their own staff
        wrote; a worker their own."""
        if user.is_coordinator:
            return self.filter(user.coordinator_scope("placement__host", "placement__home"))
        if user.is_manager:
            if not user.borough_id:
                return self.none()
            return self.filter(
                Q(placement__host_id=user.borough_id) | Q(placement__home_id=user.borough_id)
            )
        return self.filter(author=user)

    def published(self) -> "LearningReportQuerySet":
        return self.filter(library_status=LibraryStatus.PUBLISHED)

    def awaiting_moderation(self) -> "LearningReportQuerySet":
        return self.filter(library_status=LibraryStatus.AWAITING_MODERATION)

    def about(self, borough) -> "LearningReportQuerySet":
        return self.filter(placement__host=borough)

    def by_staff_of(self, borough) -> "LearningReportQuerySet":
        return self.filter(placement__home=borough)


class LearningReport(models.Model):
    """What a worker learned on a placement: one per placement, by its worker."""

    placement = models.OneToOneField(
        "secondments.Placement", on_delete=models.PROTECT, related_name="learning_report"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_reports"
    )
    what_works_well = models.CharField(
        "What works well in the host borough", max_length=REPORT_TEXT_MAX
    )
    take_home = models.CharField("What you will take home", max_length=REPORT_TEXT_MAX)
    could_do_differently = models.CharField(
        "What the host borough could do differently", max_length=REPORT_TEXT_MAX
    )
    anonymous = models.BooleanField(default=False)
    library_consent = models.BooleanField(default=False)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    library_status = models.CharField(
        max_length=12, choices=LibraryStatus.choices, default=LibraryStatus.NOT_OFFERED
    )
    returned_reason = models.CharField(max_length=RETURN_REASON_MAX, blank=True)
    # What the library shows: the coordinator's moderated copy, never the raw answers.
    published_title = models.CharField(max_length=PUBLISHED_TITLE_MAX, blank=True)
    published_text = models.CharField(max_length=PUBLISHED_TEXT_MAX, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept by the services on PostgreSQL only (GIN-indexed there); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LearningReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(library_status="published") | Q(library_consent=True),
                name="learning_report_published_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(library_status="not_offered") | Q(library_consent=True),
                name="learning_report_offered_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"Learning report on {self.placement.host}"

    def get_absolute_url(self) -> str:
        return reverse("learning_report_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.library_status == LibraryStatus.PUBLISHED

    def author_shown_to(self, user) -> str:
        """The author's name, unless they chose to be anonymous and `user` is
        on the host's side; their own borough and coordinators always see it."""
        if (
            not self.anonymous
            or user.pk == self.author_id
            or user.is_coordinator
            or (user.is_manager and user.borough_id == self.placement.home_id)
        ):
            return self.author.get_full_name()
        return "Anonymous"

    @staticmethod
    def may_be_written_for(placement, today: datetime.date) -> bool:
        if placement.status == PlacementStatus.COMPLETED:
            return True
        return placement.status == PlacementStatus.ACTIVE and today >= (
            placement.ends_on - datetime.timedelta(days=WRITE_FROM_DAYS_BEFORE_END)
        )
