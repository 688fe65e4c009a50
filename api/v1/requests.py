"""Help requests and applications, scoped and changed exactly as the web pages do.

Reads go through secondments' QuerySets and access helpers (a draft is known
only to its borough's managers and coordinators: 404 for anyone else); every
change goes through the same service the web page calls, so the audit log
and the notifications are the same whichever way a person works.
"""

from django.core.exceptions import PermissionDenied
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.input_limits import LONG_TEXT_MAX, within_two_years_of_today
from accounts.models import JobLevel, Specialism, User
from api.v1.applications import ApplicationSerializer
from api.v1.bodies import ReasonSerializer, valid
from boroughs.models import Team
from secondments import services
from secondments.access import get_application_for_user, get_request_for_user
from secondments.filters import HelpRequestFilter
from secondments.models import (
    HOLDING_STATES,
    HelpRequest,
    Purpose,
    RequestStatus,
    SupervisionFrequency,
    Urgency,
    WorkingPattern,
)
from secondments.services import REQUEST_FIELDS

# --- Help requests ------------------------------------------------------------


class SpecialismSerializer(serializers.ModelSerializer):
    class Meta:
        model = Specialism
        fields = ["id", "name"]


class HelpRequestSerializer(serializers.ModelSerializer):
    borough = serializers.SlugRelatedField(slug_field="gss_code", read_only=True)
    borough_name = serializers.CharField(source="borough.name", read_only=True)
    specialisms = SpecialismSerializer(many=True, read_only=True)
    places_filled = serializers.SerializerMethodField()
    day_rate = serializers.SerializerMethodField()
    my_application_status = serializers.SerializerMethodField()
    supervision_frequency = serializers.ChoiceField(
        choices=SupervisionFrequency.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = HelpRequest
        fields = [
            "id",
            "title",
            "borough",
            "borough_name",
            "team",
            "purpose",
            "job_level",
            "specialisms",
            "min_years_qualified",
            "newly_qualified_suitable",
            "supervisor_name",
            "protected_caseload",
            "supervision_frequency",
            "places",
            "places_filled",
            "starts_on",
            "ends_on",
            "days_per_week",
            "working_pattern",
            "location",
            "funding_model",
            "day_rate",
            "urgency",
            "description",
            "status",
            "status_reason",
            "created_at",
            "published_at",
            "updated_at",
            "my_application_status",
        ]
        read_only_fields = fields

    def get_places_filled(self, help_request: HelpRequest) -> int:
        filled = getattr(help_request, "places_filled", None)
        if filled is None:
            filled = help_request.placements.filter(status__in=HOLDING_STATES).count()
        return filled

    def get_day_rate(self, help_request: HelpRequest) -> str | None:
        """Day rates are the boroughs' business: a social worker sees who pays, not what."""
        if help_request.day_rate is None or self.context["request"].user.is_worker:
            return None
        return f"{help_request.day_rate:.2f}"

    def get_my_application_status(self, help_request: HelpRequest) -> str | None:
        """A social worker's own application to the request (invited, interested...), if any."""
        return getattr(help_request, "my_application_status", None)


class HelpRequestWriteSerializer(serializers.ModelSerializer):
    """What a host manager writes; the service checks it again, as for the web form."""

    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), allow_null=True, required=False
    )
    specialisms = serializers.PrimaryKeyRelatedField(
        queryset=Specialism.objects.all(), many=True, required=False
    )
    starts_on = serializers.DateField(validators=[within_two_years_of_today("Start date")])
    ends_on = serializers.DateField(validators=[within_two_years_of_today("End date")])
    description = serializers.CharField(max_length=LONG_TEXT_MAX)

    class Meta:
        model = HelpRequest
        fields = [*REQUEST_FIELDS, "specialisms"]

    def validate_team(self, team: Team | None) -> Team | None:
        if team is not None and team.borough_id != self.context["borough_id"]:
            raise serializers.ValidationError("Select one of your borough's teams")
        return team


class VolunteerSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class InviteSerializer(serializers.Serializer):
    worker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.workers(),
        error_messages={"does_not_exist": "Select a social worker who has an account"},
    )


class HelpRequestApiFilter(HelpRequestFilter):
    """The browse page's filters, and the status: open unless asked (drafts are
    found only by their own borough's managers and coordinators)."""

    status = filters.TypedChoiceFilter(
        choices=RequestStatus.choices,
        method="filter_nothing",
        help_text="Open requests unless another status is asked for",
    )

    def filter_queryset(self, queryset):
        wanted = self.form.cleaned_data.get("status") or RequestStatus.OPEN
        return super().filter_queryset(queryset.filter(status=wanted))


def _changed(serializer_class, instance, request: Request, status_code: int = 200) -> Response:
    return Response(
        serializer_class(instance, context={"request": request}).data, status=status_code
    )


def _application(request: Request, pk: int):
    return get_application_for_user(request.user, pk)


@extend_schema_view(
    list=extend_schema(
        summary="Help requests, filtered as on the browse page",
        parameters=[
            OpenApiParameter(
                "borough",
                str,
                description="A host borough: its ONS code or id",
                pattern=r"^([EW][0-9]{8}|[0-9]+)$",
            ),
            OpenApiParameter("specialism", int, description="A specialism's id"),
            OpenApiParameter("purpose", str, enum=Purpose.values),
            OpenApiParameter("job_level", int, enum=JobLevel.values),
            OpenApiParameter("working_pattern", str, enum=WorkingPattern.values),
            OpenApiParameter("urgency", str, enum=Urgency.values),
            OpenApiParameter(
                "neighbours", bool, description="Only boroughs next to mine (needs a home borough)"
            ),
            OpenApiParameter(
                "available",
                bool,
                description="Only dates that overlap my availability (social workers)",
            ),
        ],
    ),
    retrieve=extend_schema(summary="One help request"),
)
class HelpRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Help requests: open ones for everyone, drafts for their borough's managers."""

    serializer_class = HelpRequestSerializer
    filterset_class = HelpRequestApiFilter
    queryset = HelpRequest.objects.none()
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the filters
            return HelpRequest.objects.none()
        requests = (
            HelpRequest.objects.visible_to(user)
            .select_related("borough")
            .prefetch_related("specialisms")
            .with_fill_status()
        )
        if user.is_worker:
            requests = requests.with_application_status_of(user)
        return requests

    def get_object(self) -> HelpRequest:
        return get_request_for_user(self.request.user, self._pk())

    def _pk(self) -> int:
        return int(self.kwargs["pk"])

    @extend_schema(
        summary="Draft a help request for your borough",
        request=HelpRequestWriteSerializer,
        responses={201: HelpRequestSerializer},
    )
    def create(self, request: Request) -> Response:
        user = request.user
        if not user.is_manager or user.borough_id is None:
            raise PermissionDenied("Only borough managers can ask for help")
        data = HelpRequestWriteSerializer(
            data=request.data, context={"borough_id": user.borough_id}
        )
        data.is_valid(raise_exception=True)
        help_request = services.help_request_create(by=user, data=data.validated_data)
        return _changed(HelpRequestSerializer, help_request, request, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a draft or open help request (only what is sent changes)",
        request=HelpRequestWriteSerializer,
        responses={200: HelpRequestSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        help_request = get_request_for_user(request.user, self._pk(), write=True)
        data = HelpRequestWriteSerializer(
            help_request,
            data=request.data,
            partial=True,
            context={"borough_id": help_request.borough_id},
        )
        data.is_valid(raise_exception=True)
        services.help_request_update(
            help_request=help_request, by=request.user, data=data.validated_data
        )
        return _changed(HelpRequestSerializer, self.get_object(), request)

    @extend_schema(summary="Publish a draft", request=None, responses={200: HelpRequestSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        help_request = get_request_for_user(request.user, self._pk(), write=True)
        services.help_request_publish(help_request=help_request, by=request.user)
        return _changed(HelpRequestSerializer, self.get_object(), request)

    @extend_schema(
        summary="Stop taking offers of help (a reason is optional)",
        request=ReasonSerializer,
        responses={200: HelpRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        help_request = get_request_for_user(request.user, self._pk(), write=True)
        reason = valid(ReasonSerializer, request)["reason"]
        services.help_request_close(help_request=help_request, by=request.user, reason=reason)
        return _changed(HelpRequestSerializer, self.get_object(), request)

    @extend_schema(
        summary="Cancel a draft or open request, with a reason (host managers or a coordinator)",
        request=ReasonSerializer,
        responses={200: HelpRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        help_request = get_request_for_user(request.user, self._pk())
        if not help_request.can_be_cancelled_by(request.user):
            raise PermissionDenied(
                "Only the host borough's managers or a coordinator can cancel this"
            )
        reason = valid(ReasonSerializer, request)["reason"]
        services.help_request_cancel(help_request=help_request, by=request.user, reason=reason)
        return _changed(HelpRequestSerializer, self.get_object(), request)

    @extend_schema(
        summary="Offer to help (social workers from other boroughs)",
        request=VolunteerSerializer,
        responses={201: ApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def volunteer(self, request: Request, pk: str) -> Response:
        help_request = get_request_for_user(request.user, self._pk())
        if not request.user.is_worker:
            raise PermissionDenied("Only social workers can offer to help")
        note = valid(VolunteerSerializer, request)["note"]
        application = services.application_volunteer(
            help_request=help_request, by=request.user, note=note
        )
        return _changed(ApplicationSerializer, _application(request, application.pk), request, 201)

    @extend_schema(
        summary="Invite a social worker from another borough (host managers)",
        request=InviteSerializer,
        responses={201: ApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def invite(self, request: Request, pk: str) -> Response:
        help_request = get_request_for_user(request.user, self._pk(), write=True)
        worker = valid(InviteSerializer, request)["worker"]
        application = services.application_invite(
            help_request=help_request, worker=worker, by=request.user
        )
        return _changed(ApplicationSerializer, _application(request, application.pk), request, 201)


router = SimpleRouter()
router.register("requests", HelpRequestViewSet, basename="api-help-request")
urlpatterns = router.urls
