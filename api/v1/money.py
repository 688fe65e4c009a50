"""Recharge statements and agreements between boroughs, as their pages show them.

Both are for the two boroughs' managers and coordinators (money/*/access.py);
anyone else is told there is nothing there. Every step runs the pages'
service, so it is audited and notified as the pages' steps are. The
statements' endpoints are in api/v1/_statements.py.
"""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.models import User
from api.v1._shared_rest import (
    ID_PARAMETER,
    ID_REGEX,
    BoroughRefSerializer,
    errors,
    form_data,
    record_id,
    valid,
)
from api.v1._statements import statement_urls
from boroughs.models import Agreement, Borough
from money.agreements import services as agreement_services
from money.agreements.access import agreements_visible_to, get_agreement_for_user
from money.agreements.forms import AgreementFilterForm, DeclineForm, EndForm, ProposeForm


class AgreementSerializer(serializers.ModelSerializer):
    borough_a = BoroughRefSerializer()
    borough_b = BoroughRefSerializer()
    proposed_by = serializers.SlugRelatedField(
        slug_field="gss_code",
        read_only=True,
        allow_null=True,
        help_text="The borough whose terms wait for an answer (GSS code)",
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "borough_a",
            "borough_b",
            "funding_model",
            "day_rate",
            "recharge_terms",
            "starts_on",
            "ends_on",
            "notes",
            "status",
            "proposed_by",
            "proposed_at",
            "decided_at",
            "decline_reason",
            "end_reason",
        ]
        read_only_fields = fields


class ProposeSerializer(serializers.Serializer):
    other_borough = serializers.CharField(help_text="The other borough's GSS code")
    funding_model = serializers.ChoiceField(
        choices=ProposeForm.base_fields["funding_model"].choices
    )
    day_rate = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True
    )
    recharge_terms = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AgreementReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class EndSerializer(serializers.Serializer):
    ends_on = serializers.DateField(help_text="The agreement's last day")
    reason = serializers.CharField(max_length=1000)


def _require_manager_or_coordinator(user: User) -> None:
    if not (user.is_coordinator or user.is_manager):
        raise Http404("No such page")


def _filtered(agreements, request: Request):
    filters = valid(AgreementFilterForm(request.query_params))
    borough, wanted = filters.cleaned_data["borough"], filters.cleaned_data["status"]
    today = timezone.localdate()
    if borough is not None:
        agreements = agreements.involving(borough)
    if wanted == "in_force":
        return agreements.in_force_or_ahead(today)
    if wanted == "ended":
        return agreements.accepted().filter(ends_on__lt=today)
    return agreements.filter(status=wanted) if wanted else agreements


class AgreementViewSet(viewsets.GenericViewSet):
    """Agreements between boroughs: their two boroughs' managers and coordinators."""

    serializer_class = AgreementSerializer
    queryset = Agreement.objects.none()  # for the schema; reads go through the access helper
    filter_backends: list = []
    lookup_value_regex = ID_REGEX

    def get_object(self) -> Agreement:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_agreement_for_user(self.request.user, record_id(self.kwargs["pk"]), write=write)

    def _answer(self, agreement: Agreement, code: int = status.HTTP_200_OK) -> Response:
        agreement = get_agreement_for_user(self.request.user, agreement.pk)
        return Response(AgreementSerializer(agreement).data, status=code)

    @extend_schema(
        parameters=[
            OpenApiParameter("borough", str, description="Agreements involving one borough"),
            OpenApiParameter(
                "status",
                str,
                enum=["proposed", "in_force", "ended", "declined", "withdrawn"],
            ),
        ],
        responses={200: AgreementSerializer(many=True), **errors(400, 404)},
    )
    def list(self, request: Request) -> Response:
        """A manager's borough's agreements, or every agreement for a coordinator."""
        _require_manager_or_coordinator(request.user)
        agreements = _filtered(
            agreements_visible_to(request.user).select_related(
                "borough_a", "borough_b", "proposed_by"
            ),
            request,
        ).order_by("-proposed_at", "-starts_on", "pk")
        page = self.paginate_queryset(agreements)
        return self.get_paginated_response(AgreementSerializer(page, many=True).data)

    @extend_schema(
        request=ProposeSerializer,
        responses={201: AgreementSerializer, **errors(400, 404, 409)},
    )
    def create(self, request: Request) -> Response:
        """A manager proposes terms between their borough and another; the other
        borough's managers are told and answer."""
        user = request.user
        if not user.is_manager or user.borough is None:
            raise Http404("No such page")
        data = form_data(request.data)
        other = Borough.objects.filter(gss_code=data.get("other_borough", "")).first()
        if other is not None:
            data["other_borough"] = str(other.pk)
        form = valid(ProposeForm(data, own=user.borough))
        agreement = agreement_services.agreement_propose(
            from_borough=user.borough,
            to_borough=form.cleaned_data["other_borough"],
            by=user,
            **form.terms(),
        )
        return self._answer(agreement, status.HTTP_201_CREATED)

    @extend_schema(parameters=[ID_PARAMETER], responses={200: AgreementSerializer, **errors(404)})
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(AgreementSerializer(self.get_object()).data)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: AgreementSerializer, **errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        """The other borough accepts the terms proposed."""
        agreement = agreement_services.agreement_accept(
            agreement=self.get_object(), by=request.user
        )
        return self._answer(agreement)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=AgreementReasonSerializer,
        responses={200: AgreementSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        """The other borough declines the terms proposed, saying why."""
        agreement = self.get_object()
        form = valid(DeclineForm(form_data(request.data)))
        agreement = agreement_services.agreement_decline(
            agreement=agreement, reason=form.cleaned_data["reason"], by=request.user
        )
        return self._answer(agreement)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: AgreementSerializer, **errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """The proposing borough takes its proposal back before an answer."""
        agreement = agreement_services.agreement_withdraw(
            agreement=self.get_object(), by=request.user
        )
        return self._answer(agreement)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=EndSerializer,
        responses={200: AgreementSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        """Either borough ends an agreement in force, with notice."""
        agreement = self.get_object()
        earliest = max(agreement_services.earliest_end(request.user), agreement.starts_on)
        form = valid(EndForm(form_data(request.data), earliest=earliest))
        agreement = agreement_services.agreement_end(
            agreement=agreement,
            ends_on=form.cleaned_data["ends_on"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        return self._answer(agreement)


router = SimpleRouter()
router.register("agreements", AgreementViewSet, basename="api-agreement")
urlpatterns = [*statement_urls, *router.urls]
