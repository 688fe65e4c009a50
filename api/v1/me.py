"""The signed-in person: their profile and, for a social worker, their availability.

Changes go through the profile pages' forms and services (people/forms.py,
people/services.py): the same fields, limits and messages, the same audit
and the same re-matching. Managers and coordinators have no worker profile,
so, as on the web, there is nothing of theirs to change here.
"""

from django.db import IntegrityError
from django.urls import re_path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.access import get_availability_for_user, get_own_profile
from accounts.models import Availability, JobLevel, TravelScope, User, WorkerProfile
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
from boroughs.models import Borough
from people import services
from people.forms import AvailabilityForm, WorkerProfileForm

PROFILE_FORM_FIELDS = WorkerProfileForm.Meta.fields


class WorkerProfileSerializer(serializers.ModelSerializer):
    specialisms = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    willing_boroughs = serializers.SlugRelatedField(
        slug_field="gss_code", many=True, read_only=True
    )

    class Meta:
        model = WorkerProfile
        fields = [
            "registration_number",
            "registration_expires_on",
            "registration_verified",
            "job_level",
            "qualified_on",
            "specialisms",
            "languages",
            "travel_scope",
            "willing_boroughs",
            "open_to_matching",
        ]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    borough = BoroughRefSerializer(allow_null=True)
    team = serializers.CharField(source="team.name", allow_null=True)
    worker_profile = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "borough", "team", "worker_profile"]
        read_only_fields = fields

    @extend_schema_field(WorkerProfileSerializer(allow_null=True))
    def get_worker_profile(self, user: User) -> dict | None:
        profile = getattr(user, "worker_profile", None) if user.is_worker else None
        return WorkerProfileSerializer(profile).data if profile is not None else None


class ProfilePatchSerializer(serializers.Serializer):
    """The profile form's fields; only those given change."""

    registration_number = serializers.CharField(required=False, max_length=20)
    registration_expires_on = serializers.DateField(required=False)
    job_level = serializers.ChoiceField(choices=JobLevel.choices, required=False)
    qualified_on = serializers.DateField(required=False)
    specialisms = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Specialism ids"
    )
    languages = serializers.CharField(required=False, allow_blank=True, max_length=200)
    travel_scope = serializers.ChoiceField(choices=TravelScope.choices, required=False)
    willing_boroughs = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="GSS codes; used when travel_scope is `chosen`",
    )
    open_to_matching = serializers.BooleanField(required=False)


def _me(user: User) -> User:
    return (
        User.objects.select_related("borough", "team", "worker_profile")
        .prefetch_related("worker_profile__specialisms", "worker_profile__willing_boroughs")
        .get(pk=user.pk)
    )


def _borough_ids(codes: list[str]) -> list[str]:
    """The form chooses boroughs by id; the API names them by GSS code."""
    ids = dict(Borough.objects.filter(gss_code__in=codes).values_list("gss_code", "pk"))
    return [str(ids.get(code, "unknown")) for code in codes]


class MeViewSet(viewsets.ViewSet):
    """You: who you are and, for a social worker, the profile matching uses."""

    @extend_schema(responses={200: MeSerializer})
    def retrieve(self, request: Request) -> Response:
        return Response(MeSerializer(_me(request.user)).data)

    @extend_schema(
        request=ProfilePatchSerializer,
        responses={200: MeSerializer, **errors(400, 404)},
    )
    def partial_update(self, request: Request) -> Response:
        """Change your worker profile. Changing your registration details means a
        coordinator checks them again before you are matched."""
        profile = get_own_profile(request.user)
        data = form_data(request.data, base=current_values(profile, PROFILE_FORM_FIELDS))
        if "willing_boroughs" in request.data:
            data.setlist("willing_boroughs", _borough_ids(data.getlist("willing_boroughs")))
        form = valid(WorkerProfileForm(data, instance=profile))
        try:
            services.worker_profile_update(profile=profile, data=form.cleaned_data, by=request.user)
        except IntegrityError:
            raise exceptions.ValidationError(
                {"registration_number": ["Another profile already uses this registration number"]}
            ) from None
        return Response(MeSerializer(_me(request.user)).data)


class AvailabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Availability
        fields = ["id", "starts_on", "ends_on", "days_per_week"]
        read_only_fields = fields


class AvailabilityInputSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    days_per_week = serializers.IntegerField(min_value=1, max_value=5)


class PatchedAvailabilityInputSerializer(serializers.Serializer):
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    days_per_week = serializers.IntegerField(min_value=1, max_value=5, required=False)


AVAILABILITY_FIELDS = ["starts_on", "ends_on", "days_per_week"]


class AvailabilityViewSet(viewsets.GenericViewSet):
    """A social worker's availability: the periods they could work, and how many days a week."""

    serializer_class = AvailabilitySerializer
    queryset = Availability.objects.none()  # reads go through the access helpers
    filter_backends: list = []
    lookup_value_regex = ID_REGEX

    @extend_schema(responses={200: AvailabilitySerializer(many=True), **errors(404)})
    def list(self, request: Request) -> Response:
        """Your availability, earliest first."""
        profile = get_own_profile(request.user)
        page = self.paginate_queryset(profile.availability.order_by("starts_on", "pk"))
        return self.get_paginated_response(AvailabilitySerializer(page, many=True).data)

    @extend_schema(
        request=AvailabilityInputSerializer,
        responses={201: AvailabilitySerializer, **errors(400, 404)},
    )
    def create(self, request: Request) -> Response:
        profile = get_own_profile(request.user)
        form = valid(AvailabilityForm(form_data(request.data), profile=profile))
        availability = services.availability_add(
            profile=profile, by=request.user, **form.cleaned_data
        )
        return Response(AvailabilitySerializer(availability).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PARAMETER], responses={200: AvailabilitySerializer, **errors(404)}
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        availability = get_availability_for_user(request.user, record_id(pk))
        return Response(AvailabilitySerializer(availability).data)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=PatchedAvailabilityInputSerializer,
        responses={200: AvailabilitySerializer, **errors(400, 403, 404)},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        availability = get_availability_for_user(request.user, record_id(pk), write=True)
        data = form_data(request.data, base=current_values(availability, AVAILABILITY_FIELDS))
        form = valid(AvailabilityForm(data, instance=availability, profile=availability.profile))
        availability = services.availability_update(
            availability=availability, data=form.cleaned_data, by=request.user
        )
        return Response(AvailabilitySerializer(availability).data)

    @extend_schema(parameters=[ID_PARAMETER], responses={204: None, **errors(403, 404)})
    def destroy(self, request: Request, pk: str) -> Response:
        availability = get_availability_for_user(request.user, record_id(pk), write=True)
        services.availability_remove(availability=availability, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


router = SimpleRouter()
router.register("me/availability", AvailabilityViewSet, basename="api-availability")
urlpatterns = [
    re_path(
        r"^me/$",
        MeViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-me-detail",
    ),
    *router.urls,
]
