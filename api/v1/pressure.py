"""Monthly pressure reports (a borough's own managers and coordinators) and the
published league table (everyone, signed in or not).

Reports go through the pages' form and services: the same ranges and
messages (400), the same open months, and a month's report is closed for
changes after the end of the month that follows it (409). The league table is
the same data and filters as /league-table.json (pressure/league/table.py).
"""

import re

from django.core.exceptions import ValidationError
from django.urls import re_path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.errors import Conflict
from api.v1._shared_rest import (
    ID_PARAMETER,
    ID_REGEX,
    BoroughRefSerializer,
    current_values,
    errors,
    form_data,
    record_id,
    valid,
)
from boroughs.models import BoroughKind, PressureReport, open_report_months
from pressure.index import MEASURES
from pressure.league.table import BadFilter, as_record, league, metadata, read_filters
from pressure.monthly import services
from pressure.monthly.access import get_report_for_user, get_reporting_borough_for_user
from pressure.monthly.forms import PressureReportForm

# --- Monthly pressure reports -------------------------------------------------------


class PressureReportSerializer(serializers.ModelSerializer):
    borough = BoroughRefSerializer()
    month = serializers.DateField(help_text="The first day of the month reported on")
    closes_on = serializers.DateField(help_text="The last day the report can be changed")
    reported_by = serializers.CharField(source="reported_by.full_name", allow_null=True)
    updated_by = serializers.CharField(source="updated_by.full_name", allow_null=True)

    class Meta:
        model = PressureReport
        fields = [
            "id",
            "borough",
            "month",
            "closes_on",
            *services.REPORT_FIELDS,
            "reported_by",
            "created_at",
            "updated_by",
            "updated_at",
        ]
        read_only_fields = fields


class FiguresInputSerializer(serializers.Serializer):
    vacancy_rate = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=100
    )
    agency_rate = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=100
    )
    average_caseload = serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=0, max_value=60
    )
    assessment_backlog = serializers.IntegerField(min_value=0, max_value=100_000)
    referrals = serializers.IntegerField(
        min_value=0, max_value=100_000, required=False, allow_null=True
    )


class NewReportSerializer(FiguresInputSerializer):
    borough = serializers.CharField(
        required=False, help_text="GSS code; a manager's own borough when left out"
    )
    month = serializers.DateField(
        help_text="The first day of an open month: this month or last (YYYY-MM-01, or YYYY-MM)"
    )


class PatchedReportSerializer(FiguresInputSerializer):
    """Only the figures given change."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
        return fields


def _month_text(value: str) -> str:
    """The form's month choices are dates (2026-10-01); a month alone is fine too."""
    return f"{value}-01" if re.fullmatch(r"[0-9]{4}-[0-9]{2}", value) else value


class PressureReportViewSet(viewsets.GenericViewSet):
    """A borough's monthly pressure reports."""

    serializer_class = PressureReportSerializer
    queryset = PressureReport.objects.none()  # reads go through the access helpers
    filter_backends: list = []
    lookup_value_regex = ID_REGEX

    @extend_schema(
        parameters=[OpenApiParameter("borough", str, description="One borough's (GSS code)")],
        responses={200: PressureReportSerializer(many=True), **errors(404)},
    )
    def list(self, request: Request) -> Response:
        """Reports you may see, newest month first: your borough's, or those of the
        boroughs in a coordinator's regions."""
        user = request.user
        reports = PressureReport.objects.select_related("borough", "reported_by", "updated_by")
        if request.query_params.get("borough"):
            borough = get_reporting_borough_for_user(user, request.query_params["borough"])
            reports = reports.filter(borough=borough)
        elif user.is_manager:
            reports = reports.filter(borough_id=user.borough_id)
        elif user.is_coordinator:
            reports = reports.filter(user.coordinator_scope("borough"))
        else:
            reports = reports.none()
        page = self.paginate_queryset(reports.order_by("-month", "borough__name", "pk"))
        return self.get_paginated_response(PressureReportSerializer(page, many=True).data)

    @extend_schema(
        request=NewReportSerializer,
        responses={201: PressureReportSerializer, **errors(400, 404, 409)},
    )
    def create(self, request: Request) -> Response:
        """Report a month's figures for a borough (its managers, or a coordinator)."""
        user = request.user
        data = form_data(request.data)
        code = data.get("borough") or (user.borough.gss_code if user.borough else "")
        if not code:
            raise exceptions.ValidationError({"borough": ["Give the borough's GSS code"]})
        borough = get_reporting_borough_for_user(user, code)
        data["month"] = _month_text(data.get("month", ""))
        today = timezone.localdate()
        form = valid(PressureReportForm(data, months=open_report_months(today)))
        try:
            report = services.pressure_report_create(
                borough=borough,
                month=form.cleaned_data["month"],
                data=form.figures(),
                by=user,
                today=today,
            )
        except ValidationError:
            # A report for the month already: change that one instead (the
            # page says so on the month; here it is the record's state).
            existing = services.existing_report(borough, form.cleaned_data["month"])
            if existing is not None:
                raise Conflict(services.duplicate_message(existing)) from None
            raise
        return Response(
            PressureReportSerializer(get_report_for_user(user, report.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[ID_PARAMETER], responses={200: PressureReportSerializer, **errors(404)}
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            PressureReportSerializer(get_report_for_user(request.user, record_id(pk))).data
        )

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=PatchedReportSerializer,
        responses={200: PressureReportSerializer, **errors(400, 404, 409)},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change figures while the month is open (until the end of the month after it)."""
        report = get_report_for_user(request.user, record_id(pk))
        today = timezone.localdate()
        if not report.is_open(today):
            raise Conflict(
                f"The report for {report.month:%B %Y} closed on {report.closes_on:%-d %B %Y}: "
                "it can no longer be changed"
            )
        data = form_data(request.data, base=current_values(report, services.REPORT_FIELDS))
        form = valid(PressureReportForm(data))
        services.pressure_report_update(
            report=report, data=form.figures(), by=request.user, today=today
        )
        return Response(PressureReportSerializer(get_report_for_user(request.user, report.pk)).data)


# --- The league table ---------------------------------------------------------------


class MeasureSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    source = serializers.CharField()


MeasuresSerializer = type(
    "LeagueMeasuresSerializer",
    (serializers.Serializer,),
    {measure: MeasureSerializer() for measure in MEASURES},
)


class LeagueRecordSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True, help_text="Null: too few figures to rank")
    gss_code = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
    kind = serializers.CharField()
    pressure_index = serializers.FloatField(allow_null=True, help_text="100 is typical")
    fte = serializers.FloatField(allow_null=True)
    fte_source = serializers.CharField()
    measures = MeasuresSerializer()
    own_report_month = serializers.CharField(allow_null=True, help_text="YYYY-MM")
    combined_reporting = serializers.BooleanField()
    notes = serializers.ListField(child=serializers.CharField())
    trend = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="Index by DfE year"
    )


class LeagueTableSerializer(serializers.Serializer):
    metadata = serializers.DictField(
        help_text="Title, licence, attribution, sources, the filters and the formula"
    )
    authorities = LeagueRecordSerializer(many=True)


LEAGUE_FILTERS = [
    OpenApiParameter("region", str, description="One region's authorities"),
    OpenApiParameter("kind", str, enum=BoroughKind.values),
]


class LeagueTableViewSet(viewsets.ViewSet):
    """The pressure league table: public, as the page and its open data."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="league_table_list",
        parameters=LEAGUE_FILTERS,
        responses={200: LeagueTableSerializer, **errors(400)},
    )
    def table(self, request: Request) -> Response:
        """Every authority by pressure index, with the open-data metadata."""
        table = league()
        try:
            filters = read_filters(request.query_params, table.regions)
        except BadFilter as bad:
            raise exceptions.ParseError(str(bad)) from None
        return Response(
            {
                "metadata": metadata(table, filters),
                "authorities": [as_record(standing) for standing in table.filtered(filters)],
            }
        )

    @extend_schema(
        operation_id="league_table_authority",
        responses={200: LeagueRecordSerializer, **errors(404)},
    )
    def retrieve(self, request: Request, gss_code: str) -> Response:
        """One authority's standing."""
        standing = league().find(gss_code)
        if standing is None:
            raise exceptions.NotFound("No such authority in the league table")
        return Response(as_record(standing))


router = SimpleRouter()
router.register("pressure-reports", PressureReportViewSet, basename="api-pressure-report")
urlpatterns = [
    *router.urls,
    # One document (metadata and rows), as /league-table.json: not a paginated list.
    re_path(
        r"^league-table/$", LeagueTableViewSet.as_view({"get": "table"}), name="api-league-list"
    ),
    re_path(
        r"^league-table/(?P<gss_code>[A-Z][0-9]{8})/$",
        LeagueTableViewSet.as_view({"get": "retrieve"}),
        name="api-league-detail",
    ),
]
