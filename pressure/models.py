"""Crisis calls: a borough in crisis asks every other borough, a circle at a time,
for one person each; each asked borough answers with a named worker or a
reason. The call's help request (secondments) carries the terms; the usual
select-and-approve workflow places whoever is chosen."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

# Bounds on what a crisis call can ask for.
MAX_PEOPLE_NEEDED = 20
CRISIS_TEXT_MAX = 2000


class CrisisStage(models.TextChoices):
    """How far the call has reached: its neighbours, then its region, then
    everywhere. It widens after a set number of working days without enough
    agreed offers."""

    NEIGHBOURS = "neighbours", "Neighbouring boroughs"
    REGION = "region", "Boroughs in the region"
    EVERYWHERE = "everywhere", "Every borough"

    @property
    def order(self) -> int:
        return ["neighbours", "region", "everywhere"].index(self.value)


class CrisisStatus(models.TextChoices):
    OPEN = "open", "Asking"
    MET = "met", "Enough offers"
    CLOSED = "closed", "Closed"


class CrisisCallQuerySet(models.QuerySet):
    def open(self) -> "CrisisCallQuerySet":
        return self.filter(status=CrisisStatus.OPEN)

    def visible_to(self, user) -> "CrisisCallQuerySet":
        """A borough's managers see the calls it raised and the calls it has been
        asked to answer (once asked); a coordinator, the same for every borough
        of their regions (a national one sees every call); no one else sees any."""
        if user.is_coordinator:
            if user.coordinated_regions is None:
                return self
            asked = CrisisAsk.objects.filter(
                user.coordinator_scope("borough"),
                call=models.OuterRef("pk"),
                asked_at__isnull=False,
            )
            return self.filter(user.coordinator_scope("borough") | models.Exists(asked))
        if not user.is_manager or user.borough_id is None:
            return self.none()
        asked = CrisisAsk.objects.filter(
            call=models.OuterRef("pk"), borough_id=user.borough_id, asked_at__isnull=False
        )
        return self.filter(Q(borough_id=user.borough_id) | models.Exists(asked))

    def with_answer_counts(self) -> "CrisisCallQuerySet":
        """Annotate how many boroughs were asked, answered, offered and
        declined, and how many offers were agreed: one query for a list."""
        asked = Q(asks__asked_at__isnull=False)
        return self.annotate(
            asked_count=models.Count("asks", filter=asked, distinct=True),
            offered_count=models.Count(
                "asks", filter=asked & Q(asks__answer=AskAnswer.OFFERED), distinct=True
            ),
            declined_count=models.Count(
                "asks", filter=asked & Q(asks__answer=AskAnswer.DECLINED), distinct=True
            ),
            agreed_count=models.Count(
                "asks__offers",
                filter=Q(asks__offers__status=OfferStatus.AGREED),
                distinct=True,
            ),
        )


class CrisisCall(models.Model):
    help_request = models.OneToOneField(
        "secondments.HelpRequest", on_delete=models.PROTECT, related_name="crisis_call"
    )
    borough = models.ForeignKey("boroughs.Borough", on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    people_needed = models.PositiveSmallIntegerField()
    stage = models.CharField(
        max_length=12, choices=CrisisStage.choices, default=CrisisStage.NEIGHBOURS
    )
    stage_started_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=CrisisStatus.choices, default=CrisisStatus.OPEN)
    # The caller's pressure index when the call was raised: asked boroughs
    # above it are shown as under more pressure and are not pressed.
    caller_index = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When agreed offers first covered the people needed.
    met_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    close_reason = models.CharField(max_length=CRISIS_TEXT_MAX, blank=True)

    objects = CrisisCallQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_needed__gte=1, people_needed__lte=MAX_PEOPLE_NEEDED),
                name="crisis_people_needed_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Crisis call from {self.borough}"

    def get_absolute_url(self) -> str:
        return reverse("crisis_board", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == CrisisStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == CrisisStatus.CLOSED

    def can_be_changed_by(self, user) -> bool:
        """The caller's managers, or a coordinator of its region, close the call."""
        return user.coordinates(self.borough) or user.manages(self.borough)


class AskAnswer(models.TextChoices):
    WAITING = "waiting", "Not answered"
    OFFERED = "offered", "Offered someone"
    DECLINED = "declined", "Declined"


class CrisisAskQuerySet(models.QuerySet):
    def asked(self) -> "CrisisAskQuerySet":
        return self.filter(asked_at__isnull=False)

    def waiting(self) -> "CrisisAskQuerySet":
        return self.asked().filter(answer=AskAnswer.WAITING)


class CrisisAsk(models.Model):
    """One borough on a crisis call's list: when it was (or will be) asked,
    and its answer."""

    call = models.ForeignKey(CrisisCall, on_delete=models.CASCADE, related_name="asks")
    borough = models.ForeignKey("boroughs.Borough", on_delete=models.PROTECT, related_name="+")
    # The circle this borough belongs to (neighbours, region, everywhere);
    # boroughs under more pressure than the caller are held to the last.
    stage = models.CharField(max_length=12, choices=CrisisStage.choices)
    position = models.PositiveSmallIntegerField(help_text="Order of asking within the call")
    pressure_index = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    more_pressured = models.BooleanField(default=False)
    asked_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=10, choices=AskAnswer.choices, default=AskAnswer.WAITING)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(max_length=CRISIS_TEXT_MAX, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = CrisisAskQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "borough"], name="one_ask_per_borough"),
        ]

    def __str__(self) -> str:
        return f"{self.call} to {self.borough}"

    @property
    def is_asked(self) -> bool:
        return self.asked_at is not None

    @property
    def is_waiting(self) -> bool:
        return self.is_asked and self.answer == AskAnswer.WAITING

    @property
    def needs_reason_to_decline(self) -> bool:
        """A borough under more pressure than the caller is not pressed: it may
        decline without saying why."""
        return not self.more_pressured


class OfferStatus(models.TextChoices):
    AWAITING_WORKER = "awaiting", "Waiting for the worker to agree"
    AGREED = "agreed", "Agreed"
    REFUSED = "refused", "Worker said no"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CrisisOffer(models.Model):
    """A named worker an asked borough offers. The worker is asked to agree;
    an agreed offer becomes an application on the call's help request that
    arrives already released by the worker's home borough."""

    ask = models.ForeignKey(CrisisAsk, on_delete=models.CASCADE, related_name="offers")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=CRISIS_TEXT_MAX, blank=True)
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.AWAITING_WORKER
    )
    application = models.OneToOneField(
        "secondments.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crisis_offer",
    )
    # Why the worker said no (optional; they need not say).
    worker_reason = models.CharField(max_length=CRISIS_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ask", "worker"],
                condition=Q(status__in=["awaiting", "agreed"]),
                name="one_live_offer_per_worker_per_ask",
            ),
        ]

    def __str__(self) -> str:
        return f"Offer of {self.worker} to {self.ask.call}"

    def get_absolute_url(self) -> str:
        return reverse("crisis_offer", args=[self.pk])

    @property
    def is_awaiting_worker(self) -> bool:
        return self.status == OfferStatus.AWAITING_WORKER

    def can_be_seen_by(self, user) -> bool:
        """The worker, their borough's managers, the caller's managers and the
        coordinators of either borough's region."""
        return (
            user.coordinates(self.ask.borough, self.ask.call.borough)
            or user.pk == self.worker_id
            or user.manages(self.ask.borough)
            or user.manages(self.ask.call.borough)
        )
