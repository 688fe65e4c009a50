"""Applications: a worker's offer of help or the host's invitation, and every
transition of the workflow as a POST action running the service the web's
application page runs (secondments/workflow_views.py)."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.models import User
from api.v1.bodies import ReasonSerializer, valid
from secondments import services, transitions
from secondments.access import get_application_for_user, get_request_for_user
from secondments.models import Application, ApplicationStatus, HelpRequest, Placement


class ApplicationSerializer(serializers.ModelSerializer):
    help_request = serializers.PrimaryKeyRelatedField(read_only=True)
    help_request_title = serializers.CharField(source="help_request.title", read_only=True)
    host = serializers.CharField(source="help_request.borough.gss_code", read_only=True)
    worker = serializers.PrimaryKeyRelatedField(read_only=True)
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    home = serializers.CharField(source="worker.borough.gss_code", read_only=True, default=None)
    placement = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "help_request",
            "help_request_title",
            "host",
            "worker",
            "worker_name",
            "home",
            "status",
            "note",
            "status_reason",
            "selected_at",
            "released_at",
            "release_escalated_at",
            "created_at",
            "updated_at",
            "placement",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_placement(self, application: Application) -> int | None:
        """The placement an approval made."""
        if application.status != ApplicationStatus.APPROVED:
            return None
        placement = Placement.objects.filter(application=application).only("pk").first()
        return placement.pk if placement else None

    def get_allowed_actions(self, application: Application) -> list[str]:
        """What the signed-in person may do to it now, as POST /applications/{id}/<action>/."""
        return transitions.allowed_actions(application, self.context["request"].user)


class ApplicationFilter(filters.FilterSet):
    help_request = filters.NumberFilter(
        method="filter_nothing", help_text="Only this help request's applicants"
    )
    status = filters.ChoiceFilter(choices=ApplicationStatus.choices)

    class Meta:
        model = Application
        fields: list[str] = []

    def filter_nothing(self, applications, name, value):
        return applications


def _transition(name: str):
    """A POST action running the service the web's application page runs."""
    service = {
        "accept": services.application_accept,
        "withdraw": services.application_withdraw,
        "select": services.application_select,
        "decline": services.application_decline,
        "release": services.application_release,
        "refuse": services.application_refuse,
        "approve": services.application_approve,
        "reject": services.application_reject,
    }[name]
    needs_reason = transitions.TRANSITIONS[name].needs_reason
    takes_reason = needs_reason or name == "withdraw"

    def take(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        kwargs = {"application": application, "by": request.user}
        if takes_reason:
            kwargs["reason"] = valid(ReasonSerializer, request)["reason"]
        service(**kwargs)
        return Response(ApplicationSerializer(self.get_object(), context={"request": request}).data)

    # DRF routes the action by the function's name: name it before decorating.
    take.__name__ = take.__qualname__ = name
    documented = extend_schema(
        summary=f"{name.capitalize()} the application",
        request=ReasonSerializer if takes_reason else None,
        responses={200: ApplicationSerializer},
    )(take)
    return action(detail=True, methods=["post"], url_path=name, url_name=name)(documented)


@extend_schema_view(
    list=extend_schema(
        summary="Applications: a social worker's own; a manager's borough's requests' "
        "applicants and own staff's; every one in their regions for a coordinator"
    ),
    retrieve=extend_schema(summary="One application"),
)
class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    queryset = Application.objects.none()
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        user = self.request.user
        applications = Application.objects.visible_to(user)
        wanted = self.request.query_params.get("help_request")
        if wanted and self.action == "list":
            help_request = get_request_for_user(user, _int(wanted))
            applications = applicants_seen_by(user, help_request, applications)
        return applications.select_related(
            "help_request__borough", "worker__borough", "worker__worker_profile"
        ).newest_first()

    def get_object(self) -> Application:
        return get_application_for_user(self.request.user, int(self.kwargs["pk"]))

    accept = _transition("accept")
    withdraw = _transition("withdraw")
    select = _transition("select")
    decline = _transition("decline")
    release = _transition("release")
    refuse = _transition("refuse")
    approve = _transition("approve")
    reject = _transition("reject")


def applicants_seen_by(user: User, help_request: HelpRequest, applications):
    """A request's applicants as its page lists them: all for its host and the
    coordinators of its region, their own staff's for another manager (and the
    staff of their regions for another region's coordinator), their own for a worker."""
    applications = applications.filter(help_request=help_request)
    if help_request.can_be_changed_by(user) or user.coordinates(help_request.borough):
        return applications
    if user.is_coordinator:
        return applications.filter(user.coordinator_scope("worker__borough"))
    if user.is_manager:
        return applications.filter(worker__borough_id=user.borough_id)
    return applications.filter(worker=user)


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


router = SimpleRouter()
router.register("applications", ApplicationViewSet, basename="api-application")
urlpatterns = router.urls
