"""Placements and their timesheet weeks, scoped and changed as the web pages are.

A placement is seen by its social worker, its host and home boroughs'
managers and coordinators (secondments.access); its weeks by the same
people (money.timesheets.access). The worker submits a week; the host's
managers (or a coordinator) sign it off or query it, through the same
services as the timesheet pages.
"""

from django.core.exceptions import PermissionDenied
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.v1.bodies import ReasonSerializer, valid
from money.models import FULL_DAY, HALF_DAY, Timesheet, TimesheetStatus
from money.timesheets import services as timesheets
from money.timesheets.access import get_timesheet_for_user
from money.timesheets.listing import timesheets_visible_to
from money.timesheets.services import NOT_WORKED, QUERY_MAX, REASON_MAX
from secondments import services
from secondments.access import get_placement_for_user
from secondments.models import Placement, PlacementStatus

# --- Placements ---------------------------------------------------------------


class PlacementSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    host = serializers.SlugRelatedField(slug_field="gss_code", read_only=True)
    home = serializers.SlugRelatedField(slug_field="gss_code", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "help_request",
            "application",
            "worker",
            "worker_name",
            "host",
            "home",
            "starts_on",
            "ends_on",
            "days_per_week",
            "status",
            "status_reason",
            "funding_model",
            "day_rate",
            "funding_source",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlacementFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=PlacementStatus.choices)

    class Meta:
        model = Placement
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Placements: a social worker's own; in and out of a manager's borough; "
        "every one in their regions for a coordinator"
    ),
    retrieve=extend_schema(summary="One placement"),
)
class PlacementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlacementSerializer
    filterset_class = PlacementFilter
    queryset = Placement.objects.none()
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Placement.objects.none()
        return (
            Placement.objects.visible_to(self.request.user)
            .select_related("worker", "host", "home")
            .latest_first()
        )

    def get_object(self) -> Placement:
        return get_placement_for_user(self.request.user, int(self.kwargs["pk"]))

    @extend_schema(
        summary="Cancel a confirmed or active placement, with a reason (host or home "
        "managers, or a coordinator)",
        request=ReasonSerializer,
        responses={200: PlacementSerializer},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        placement = self.get_object()
        if not placement.can_be_cancelled_by(request.user):
            raise PermissionDenied("Only the host or home managers or a coordinator can cancel")
        reason = valid(ReasonSerializer, request)["reason"]
        services.placement_cancel(placement=placement, by=request.user, reason=reason)
        return Response(PlacementSerializer(self.get_object()).data)


# --- Timesheets -----------------------------------------------------------------


class TimesheetDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    amount = serializers.ChoiceField(
        choices=[("0", "Not worked"), ("0.5", "Half day"), ("1", "Full day")],
        help_text="0, 0.5 or 1",
    )


class TimesheetSerializer(serializers.ModelSerializer):
    worker = serializers.IntegerField(source="placement.worker_id", read_only=True)
    worker_name = serializers.CharField(source="placement.worker.full_name", read_only=True)
    host = serializers.CharField(source="placement.host.gss_code", read_only=True)
    home = serializers.CharField(source="placement.home.gss_code", read_only=True)
    days = serializers.SerializerMethodField()

    class Meta:
        model = Timesheet
        fields = [
            "id",
            "placement",
            "worker",
            "worker_name",
            "host",
            "home",
            "week_starting",
            "status",
            "days_worked",
            "days",
            "extra_days_reason",
            "times_submitted",
            "submitted_at",
            "signed_off_at",
            "query_reason",
            "queried_at",
        ]
        read_only_fields = fields

    @extend_schema_field(TimesheetDaySerializer(many=True))
    def get_days(self, timesheet: Timesheet) -> list[dict]:
        return [
            {"day": entry.day.isoformat(), "amount": f"{entry.amount.normalize():f}"}
            for entry in timesheet.days.all()
        ]


class TimesheetSubmitSerializer(serializers.Serializer):
    placement = serializers.IntegerField(min_value=1)
    week_starting = serializers.DateField(help_text="The Monday the week starts on")
    days = TimesheetDaySerializer(
        many=True,
        max_length=7,
        help_text="The days worked; a day left out was not worked",
    )
    extra_days_reason = serializers.CharField(
        max_length=REASON_MAX,
        required=False,
        allow_blank=True,
        help_text="Only if the host agreed more days than the placement's days a week",
    )

    def validate_days(self, days: list[dict]) -> list[dict]:
        if len({entry["day"] for entry in days}) != len(days):
            raise serializers.ValidationError("Give each day once")
        return days


class TimesheetQuerySerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=QUERY_MAX, help_text="Why you are querying the week")


class TimesheetFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=TimesheetStatus.choices)
    placement = filters.NumberFilter(field_name="placement_id")

    class Meta:
        model = Timesheet
        fields: list[str] = []


_AMOUNTS = {"0": NOT_WORKED, "0.5": HALF_DAY, "1": FULL_DAY}


@extend_schema_view(
    list=extend_schema(
        summary="Timesheet weeks: a social worker's own; those of the placements in and "
        "out of a manager's borough; every one in their regions for a coordinator"
    ),
    retrieve=extend_schema(summary="One timesheet week"),
)
class TimesheetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TimesheetSerializer
    filterset_class = TimesheetFilter
    queryset = Timesheet.objects.none()
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Timesheet.objects.none()
        return (
            timesheets_visible_to(self.request.user)
            .select_related("placement__worker", "placement__host", "placement__home")
            .prefetch_related("days")
            .order_by("-week_starting", "placement__worker__full_name", "pk")
        )

    def get_object(self) -> Timesheet:
        return get_timesheet_for_user(self.request.user, int(self.kwargs["pk"]))

    def _answer(self, pk: int, status_code: int = 200) -> Response:
        return Response(TimesheetSerializer(self.get_queryset().get(pk=pk)).data, status_code)

    @extend_schema(
        summary="Submit a week's days for sign-off (the placement's social worker); "
        "a queried week is corrected by submitting it again",
        request=TimesheetSubmitSerializer,
        responses={201: TimesheetSerializer},
    )
    @action(detail=False, methods=["post"])
    def submit(self, request: Request) -> Response:
        body = valid(TimesheetSubmitSerializer, request)
        placement = get_placement_for_user(request.user, body["placement"])
        timesheet = timesheets.timesheet_submit(
            placement=placement,
            week_starting=body["week_starting"],
            days={entry["day"]: _AMOUNTS[entry["amount"]] for entry in body["days"]},
            extra_days_reason=body["extra_days_reason"],
            by=request.user,
        )
        return self._answer(timesheet.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sign the week off (the host's managers or a coordinator)",
        request=None,
        responses={200: TimesheetSerializer},
    )
    @action(detail=True, methods=["post"], url_path="sign-off", url_name="sign-off")
    def sign_off(self, request: Request, pk: str) -> Response:
        timesheet = get_timesheet_for_user(request.user, int(pk), write=True)
        timesheets.timesheet_sign_off(timesheet=timesheet, by=request.user)
        return self._answer(timesheet.pk)

    @extend_schema(
        summary="Query the week, with a reason (the host's managers or a coordinator)",
        request=TimesheetQuerySerializer,
        responses={200: TimesheetSerializer},
    )
    @action(detail=True, methods=["post"])
    def query(self, request: Request, pk: str) -> Response:
        timesheet = get_timesheet_for_user(request.user, int(pk), write=True)
        reason = valid(TimesheetQuerySerializer, request)["reason"]
        timesheets.timesheet_query(timesheet=timesheet, reason=reason, by=request.user)
        return self._answer(timesheet.pk)


router = SimpleRouter()
router.register("placements", PlacementViewSet, basename="api-placement")
router.register("timesheets", TimesheetViewSet, basename="api-timesheet")
urlpatterns = router.urls
