"""Recharge statements through the API (api/v1/money.py publishes them), named
as on the web by lending borough, billed borough and month
(`/statements/E09000007/E09000014/2026-10/`): a draft has no record of its own
until it is issued. They are for the two boroughs' managers and coordinators
(money/statements/access.py); anyone else is told there is nothing there.
Issuing, marking paid and querying run the pages' services and forms.
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import re_path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from api.v1._shared_rest import BoroughRefSerializer, errors, form_data, valid
from boroughs.models import Borough
from money.models import RechargeStatement, StatementStatus
from money.statements import services as statement_services
from money.statements.access import (
    get_statement_pair_for_user,
    get_statement_version_for_user,
    parse_month,
    require_manager_or_coordinator,
)
from money.statements.forms import IssueForm, QueryForm
from money.statements.listing import statement_rows
from money.statements.statements import (
    Figures,
    current_of,
    draft_figures,
    frozen_figures,
    month_has_ended,
    versions_of,
)

GSS = "[A-Z][0-9]{8}"
MONTH = "[0-9]{4}-[0-9]{2}"


class StatementRowSerializer(serializers.Serializer):
    issuer = BoroughRefSerializer(help_text="The lending borough, which issues the statement")
    billed = BoroughRefSerializer(help_text="The hosting borough, which pays")
    month = serializers.CharField(source="month_code", help_text="YYYY-MM")
    status = serializers.CharField(help_text="Draft, Queried, Issued or Paid")
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    reference = serializers.CharField(help_text="Empty until issued")


class LineSerializer(serializers.Serializer):
    placement_id = serializers.IntegerField()
    worker_name = serializers.CharField()
    funding_model = serializers.CharField()
    days = serializers.DecimalField(max_digits=6, decimal_places=1)
    rate = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True, help_text="Null: no charge"
    )
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    agency_rate = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    agency_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=StatementStatus.choices)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    issued_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    queried_at = serializers.DateTimeField(allow_null=True)
    query_reason = serializers.CharField()


class StatementSerializer(serializers.Serializer):
    """A pair and month: the issued (or paid) statement, or the live draft."""

    issuer = BoroughRefSerializer()
    billed = BoroughRefSerializer()
    month = serializers.CharField(help_text="YYYY-MM")
    status = serializers.CharField(help_text="draft, issued or paid")
    reference = serializers.CharField(help_text="Empty for a draft")
    version = serializers.IntegerField(allow_null=True, help_text="Null for a draft")
    days = serializers.DecimalField(max_digits=8, decimal_places=1)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    agency_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    unsigned_weeks = serializers.IntegerField(
        help_text="Weeks of the month not signed off (never counted)"
    )
    lines = LineSerializer(many=True)
    versions = VersionSerializer(many=True, help_text="Every version issued, oldest first")
    can_issue = serializers.BooleanField()
    can_mark_paid = serializers.BooleanField()
    can_query = serializers.BooleanField()


def _figures_body(figures: Figures) -> dict:
    return {
        "issuer": figures.issuer,
        "billed": figures.billed,
        "month": f"{figures.month:%Y-%m}",
        "days": figures.days,
        "total": figures.total,
        "agency_total": figures.agency_total,
        "unsigned_weeks": figures.unsigned_count,
        "lines": figures.lines,
    }


def _statement_body(user: User, issuer: Borough, billed: Borough, month: datetime.date) -> dict:
    versions = versions_of(issuer, billed, month)
    current = current_of(versions)
    figures = frozen_figures(current) if current else draft_figures(issuer, billed, month)
    issued = current is not None and current.status == StatementStatus.ISSUED
    return {
        **_figures_body(figures),
        "status": current.status if current else "draft",
        "reference": current.reference if current else "",
        "version": current.version if current else None,
        "versions": versions,
        # As the statement page offers them (money.statements.views._actions).
        "can_issue": current is None
        and (user.coordinates(issuer, billed) or user.manages(issuer))
        and month_has_ended(month),
        "can_mark_paid": issued
        and (user.coordinates(issuer, billed) or user.manages(issuer) or user.manages(billed)),
        "can_query": issued and (user.coordinates(issuer, billed) or user.manages(billed)),
    }


class StatementVersionSerializer(serializers.Serializer):
    """One issued version, frozen as it was issued."""

    issuer = BoroughRefSerializer()
    billed = BoroughRefSerializer()
    month = serializers.CharField(help_text="YYYY-MM")
    version = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=StatementStatus.choices)
    issued_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    queried_at = serializers.DateTimeField(allow_null=True)
    query_reason = serializers.CharField()
    days = serializers.DecimalField(max_digits=8, decimal_places=1)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    agency_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    unsigned_weeks = serializers.IntegerField()
    lines = LineSerializer(many=True)


class IssueSerializer(serializers.Serializer):
    confirm_unsigned = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Issue without the weeks not signed off yet",
    )


class QuerySerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=statement_services.MAX_QUERY_REASON)


STATEMENT_FILTERS = [
    OpenApiParameter(
        "borough", str, description="Coordinators: one borough's statements (GSS code)"
    ),
    OpenApiParameter("month", str, description="One month, YYYY-MM"),
]


def _month_param(request: Request) -> datetime.date | None:
    text = request.query_params.get("month")
    if not text:
        return None
    try:
        return parse_month(text)
    except Http404:
        raise exceptions.ValidationError({"month": ["Enter the month as YYYY-MM"]}) from None


class StatementViewSet(viewsets.GenericViewSet):
    """Recharge statements per borough pair and month, as the statements pages."""

    filter_backends: list = []

    @extend_schema(
        parameters=STATEMENT_FILTERS,
        responses={200: StatementRowSerializer(many=True), **errors(400, 404)},
    )
    def list(self, request: Request) -> Response:
        """Every pair and month with placements, newest first; a manager sees their
        borough's, a coordinator all (or one borough's); others are told there is nothing."""
        user = request.user
        require_manager_or_coordinator(user)
        borough = None
        if user.is_coordinator and request.query_params.get("borough"):
            borough = Borough.objects.filter(
                user.coordinator_scope(), gss_code=request.query_params["borough"]
            ).first()
            if borough is None:
                raise exceptions.ValidationError({"borough": ["Select a borough from the list"]})
        rows = statement_rows(user, borough=borough, month=_month_param(request))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(StatementRowSerializer(page, many=True).data)

    @extend_schema(responses={200: StatementSerializer, **errors(404)})
    def retrieve(self, request: Request, issuer: str, billed: str, month: str) -> Response:
        """A pair's month: the statement issued (or paid), or the draft as it stands."""
        pair = get_statement_pair_for_user(request.user, issuer, billed, month)
        return Response(StatementSerializer(_statement_body(request.user, *pair)).data)

    @extend_schema(responses={200: StatementVersionSerializer, **errors(404)})
    def version(
        self, request: Request, issuer: str, billed: str, month: str, version: str
    ) -> Response:
        """One issued version of the statement (an earlier one was queried)."""
        statement = get_statement_version_for_user(
            request.user, issuer, billed, month, int(version)
        )
        body = {**_figures_body(frozen_figures(statement)), **_version_fields(statement)}
        return Response(StatementVersionSerializer(body).data)

    @extend_schema(
        request=IssueSerializer,
        responses={201: StatementSerializer, **errors(400, 403, 404, 409)},
    )
    def issue(self, request: Request, issuer: str, billed: str, month: str) -> Response:
        """Freeze the month's draft as a statement with its own reference (the
        lending borough's managers, once the month has ended)."""
        pair = get_statement_pair_for_user(request.user, issuer, billed, month)
        form = valid(IssueForm(form_data(request.data)))
        try:
            statement_services.statement_issue(
                issuer=pair[0],
                billed=pair[1],
                month=pair[2],
                confirm_unsigned=form.cleaned_data["confirm_unsigned"],
                by=request.user,
            )
        except statement_services.StatementConflict:
            raise
        except ValidationError as error:
            # As the page: unticked unsigned weeks, an open month or nothing to
            # issue are the request's fault (400); an issued month is a conflict.
            field = "confirm_unsigned" if error.code == "unsigned" else "non_field_errors"
            raise exceptions.ValidationError({field: error.messages}) from None
        return Response(
            StatementSerializer(_statement_body(request.user, *pair)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={200: StatementSerializer, **errors(403, 404, 409)})
    def mark_paid(self, request: Request, issuer: str, billed: str, month: str) -> Response:
        """Record that the billed borough has paid the statement issued."""
        pair = get_statement_pair_for_user(request.user, issuer, billed, month)
        statement_services.statement_mark_paid(statement=_current(*pair), by=request.user)
        return Response(StatementSerializer(_statement_body(request.user, *pair)).data)

    @extend_schema(
        request=QuerySerializer,
        responses={200: StatementSerializer, **errors(400, 403, 404, 409)},
    )
    def query(self, request: Request, issuer: str, billed: str, month: str) -> Response:
        """The billed borough disputes the statement: the month becomes a draft
        again, to be issued as a new version."""
        pair = get_statement_pair_for_user(request.user, issuer, billed, month)
        statement = _current(*pair)
        form = valid(QueryForm(form_data(request.data)))
        statement_services.statement_query(
            statement=statement, reason=form.cleaned_data["reason"], by=request.user
        )
        return Response(StatementSerializer(_statement_body(request.user, *pair)).data)


def _version_fields(statement: RechargeStatement) -> dict:
    return {
        name: getattr(statement, name)
        for name in (
            "version",
            "reference",
            "status",
            "issued_at",
            "paid_at",
            "queried_at",
            "query_reason",
        )
    }


def _current(issuer: Borough, billed: Borough, month: datetime.date) -> RechargeStatement:
    current = current_of(versions_of(issuer, billed, month))
    if current is None:
        raise Http404("No statement has been issued for this month")
    return current


def _statement_url(suffix: str, view: dict, name: str):
    return re_path(
        rf"^statements/(?P<issuer>{GSS})/(?P<billed>{GSS})/(?P<month>{MONTH})/{suffix}$",
        StatementViewSet.as_view(view),
        name=f"api-statement-{name}",
    )


statement_urls = [
    re_path(r"^statements/$", StatementViewSet.as_view({"get": "list"}), name="api-statement-list"),
    _statement_url("", {"get": "retrieve"}, "detail"),
    _statement_url(r"versions/(?P<version>[0-9]{1,4})/", {"get": "version"}, "version"),
    _statement_url("issue/", {"post": "issue"}, "issue"),
    _statement_url("mark-paid/", {"post": "mark_paid"}, "mark-paid"),
    _statement_url("query/", {"post": "query"}, "query"),
]
