"""Learning events and their bookings, as the event pages show them.

Open events are for every signed-in user; a cancelled one only for its host's
managers, coordinators and those who had booked it (learning/events/access.py).
A booking is for the person, their home managers, the host's managers and
coordinators. Posting, cancelling and booking run the pages' services, so
invitations, waiting lists and audit are the same.
"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.models import JobLevel
from api.v1._shared_rest import (
    ID_PARAMETER,
    ID_REGEX,
    BoroughRefSerializer,
    errors,
    form_data,
    record_id,
    valid,
)
from boroughs.models import Borough
from learning.events import services
from learning.events.access import get_booking_for_user, get_event_for_user
from learning.events.forms import EventFilterForm, EventForm
from learning.models import (
    ACTIVE_BOOKING_STATES,
    Booking,
    EventKind,
    LearningEvent,
)


class LearningEventSerializer(serializers.ModelSerializer):
    borough = BoroughRefSerializer(help_text="The host borough")
    job_levels = serializers.ListField(
        source="level_values",
        child=serializers.ChoiceField(choices=JobLevel.choices),
        help_text="The job levels it suits; empty for every level",
    )
    specialisms = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    places_taken = serializers.IntegerField()
    waiting = serializers.IntegerField(source="waiting_count")
    online_link = serializers.CharField(help_text="https://…, or empty for an event in person")

    class Meta:
        model = LearningEvent
        fields = [
            "id",
            "borough",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "capacity",
            "places_taken",
            "waiting",
            "job_levels",
            "specialisms",
            "home_manager_must_agree",
            "status",
        ]
        read_only_fields = fields


class EventInputSerializer(serializers.Serializer):
    """The event form's fields: a local date and times (Europe/London)."""

    borough = serializers.CharField(
        required=False, help_text="Coordinators only: the host borough's GSS code"
    )
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=3000)
    date = serializers.DateField(help_text="Today or within the next 2 years")
    start_time = serializers.CharField(max_length=5, help_text="HH:MM, 24-hour clock")
    end_time = serializers.CharField(max_length=5, help_text="HH:MM, after the start")
    place = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Address, or give a link"
    )
    online_link = serializers.URLField(
        max_length=300, required=False, allow_blank=True, help_text="https:// only"
    )
    capacity = serializers.IntegerField(min_value=1, max_value=500)
    job_levels = serializers.ListField(
        child=serializers.ChoiceField(choices=JobLevel.choices), required=False
    )
    specialisms = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Specialism ids"
    )
    home_manager_must_agree = serializers.BooleanField(required=False)


class CancelEventSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class BookingSerializer(serializers.ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(read_only=True)
    event_title = serializers.CharField(source="event.title")
    event_starts_at = serializers.DateTimeField(source="event.starts_at")
    person_name = serializers.CharField(source="person.full_name")
    person_borough = serializers.SlugRelatedField(
        source="person.borough", slug_field="gss_code", read_only=True, allow_null=True
    )

    class Meta:
        model = Booking
        fields = [
            "id",
            "event",
            "event_title",
            "event_starts_at",
            "person_name",
            "person_borough",
            "status",
            "position",
            "attended",
            "created_at",
        ]
        read_only_fields = fields


EVENT_FILTERS = [
    OpenApiParameter("kind", str, enum=EventKind.values),
    OpenApiParameter("borough", str, description="The host borough's GSS code"),
    OpenApiParameter("specialism", int, description="A specialism's id"),
    OpenApiParameter("job_level", int, enum=JobLevel.values),
    OpenApiParameter("starts_from", str, description="YYYY-MM-DD"),
    OpenApiParameter("starts_to", str, description="YYYY-MM-DD"),
]


def _with_borough_code(data, name: str = "borough"):
    """The forms choose a borough by its id; the API names it by its GSS code."""
    code = data.get(name)
    if code:
        borough = Borough.objects.filter(gss_code=code).first()
        data = data.copy()
        data[name] = str(borough.pk) if borough else "unknown"
    return data


def _event(pk: int) -> LearningEvent:
    return (
        LearningEvent.objects.with_places_taken()
        .select_related("borough")
        .prefetch_related("specialisms")
        .get(pk=pk)
    )


class LearningEventViewSet(viewsets.GenericViewSet):
    """Learning events other boroughs may book: the same list, filters and rules as the pages."""

    serializer_class = LearningEventSerializer
    queryset = LearningEvent.objects.none()  # reads go through the access helper
    filter_backends: list = []
    lookup_value_regex = ID_REGEX

    def get_object(self, *, write: bool = False) -> LearningEvent:
        return get_event_for_user(self.request.user, record_id(self.kwargs["pk"]), write=write)

    @extend_schema(
        parameters=EVENT_FILTERS,
        responses={200: LearningEventSerializer(many=True), **errors(400)},
    )
    def list(self, request: Request) -> Response:
        """Upcoming open events, soonest first."""
        form = valid(EventFilterForm(_with_borough_code(request.query_params)))
        events = (
            form.filter(LearningEvent.objects.upcoming())
            .select_related("borough")
            .prefetch_related("specialisms")
            .with_places_taken()
            .order_by("starts_at", "pk")
        )
        page = self.paginate_queryset(events)
        return self.get_paginated_response(LearningEventSerializer(page, many=True).data)

    @extend_schema(
        parameters=[ID_PARAMETER], responses={200: LearningEventSerializer, **errors(404)}
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(LearningEventSerializer(_event(self.get_object().pk)).data)

    @extend_schema(
        request=EventInputSerializer,
        responses={201: LearningEventSerializer, **errors(400, 403)},
    )
    def create(self, request: Request) -> Response:
        """Post an event: a manager for their borough, a coordinator for any (`borough`)."""
        user = request.user
        if not (user.is_manager or user.is_coordinator):
            raise PermissionDenied("Only managers and coordinators post events")
        form = valid(EventForm(_with_borough_code(form_data(request.data)), user=user))
        borough = form.cleaned_data.get("borough") or user.borough
        event = services.event_create(
            borough=borough,
            data=form.event_data(),
            specialisms=form.cleaned_data["specialisms"],
            by=user,
        )
        return Response(LearningEventSerializer(_event(event.pk)).data, status=201)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=CancelEventSerializer,
        responses={200: LearningEventSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        """The host cancels the event: everyone booked or waiting is told."""
        event = self.get_object(write=True)
        body = CancelEventSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.event_cancel(
            event=event, reason=body.validated_data.get("reason", "").strip(), by=request.user
        )
        return Response(LearningEventSerializer(_event(event.pk)).data)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=None,
        responses={201: BookingSerializer, **errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def book(self, request: Request, pk: str) -> Response:
        """Book a place; when the event is full, join its waiting list."""
        booking = services.booking_make(event=self.get_object(), by=request.user)
        booking = get_booking_for_user(request.user, booking.pk)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PARAMETER],
        responses={200: BookingSerializer(many=True), **errors(403, 404)},
    )
    @action(detail=True, methods=["get"])
    def bookings(self, request: Request, pk: str) -> Response:
        """The host's view: everyone booked or waiting, in booking order."""
        event = self.get_object(write=True)
        bookings = event.bookings.filter(status__in=ACTIVE_BOOKING_STATES).select_related(
            "event", "person__borough"
        )
        page = self.paginate_queryset(bookings)
        return self.get_paginated_response(BookingSerializer(page, many=True).data)


class BookingViewSet(viewsets.GenericViewSet):
    """The signed-in person's own bookings."""

    serializer_class = BookingSerializer
    queryset = Booking.objects.none()  # reads go through the access helper
    filter_backends: list = []
    lookup_value_regex = ID_REGEX

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "active", bool, description="Only bookings holding or waiting for a place"
            )
        ],
        responses={200: BookingSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        """Your bookings, soonest event first."""
        bookings = (
            Booking.objects.filter(person=request.user)
            .select_related("event", "person__borough")
            .order_by("event__starts_at", "pk")
        )
        if request.query_params.get("active") == "true":
            bookings = bookings.filter(status__in=ACTIVE_BOOKING_STATES)
        page = self.paginate_queryset(bookings)
        return self.get_paginated_response(BookingSerializer(page, many=True).data)

    @extend_schema(parameters=[ID_PARAMETER], responses={200: BookingSerializer, **errors(404)})
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(BookingSerializer(get_booking_for_user(request.user, record_id(pk))).data)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: BookingSerializer, **errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        """The person who booked, or the host, cancels; the next person waiting moves up."""
        booking = get_booking_for_user(request.user, record_id(pk))
        if not (
            request.user.pk == booking.person_id or booking.event.can_be_changed_by(request.user)
        ):
            raise PermissionDenied("Only the person who booked or the host can cancel a booking")
        services.booking_cancel(booking=booking, by=request.user)
        return Response(BookingSerializer(get_booking_for_user(request.user, booking.pk)).data)


router = SimpleRouter()
router.register("learning-events", LearningEventViewSet, basename="api-learning-event")
router.register("bookings", BookingViewSet, basename="api-booking")
urlpatterns = router.urls
