"""Learning event pages: the list, one event, posting and changing, booking."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from config.http import post_only
from learning.events import services
from learning.events.access import get_booking_for_user, get_event_for_user
from learning.events.forms import EventFilterForm, EventForm
from learning.models import ACTIVE_BOOKING_STATES, BookingStatus, LearningEvent

PER_PAGE = 20


def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET)
    form.is_valid()
    events = (
        form.filter(LearningEvent.objects.upcoming())
        .select_related("borough")
        .with_places_taken()
        .order_by("starts_at", "pk")
    )
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    can_post = request.user.is_manager or request.user.is_coordinator
    return render(
        request,
        "learning/events/event_list.html",
        {"form": form, "page": page, "can_post": can_post},
    )


def _detail(request, event: LearningEvent, *, error: str = "", status: int = 200):
    user = request.user
    event = (
        LearningEvent.objects.with_places_taken()
        .select_related("borough")
        .prefetch_related("specialisms")
        .get(pk=event.pk)
    )
    is_host = event.can_be_changed_by(user)
    mine = (
        event.bookings.filter(person=user, status__in=ACTIVE_BOOKING_STATES).first()
        if not user.is_coordinator
        else None
    )
    bookings = []
    if is_host:
        bookings = list(
            event.bookings.filter(status__in=ACTIVE_BOOKING_STATES).select_related(
                "person__borough"
            )
        )
    to_agree = []
    if user.is_manager:
        to_agree = list(
            event.bookings.filter(
                status=BookingStatus.PENDING_HOME_AGREEMENT, person__borough_id=user.borough_id
            ).select_related("person")
        )
    return render(
        request,
        "learning/events/event_detail.html",
        {
            "event": event,
            "is_host": is_host,
            "mine": mine,
            "booked": [b for b in bookings if b.status != BookingStatus.WAITING],
            "waiting": [b for b in bookings if b.status == BookingStatus.WAITING],
            "to_agree": to_agree,
            "can_book": not user.is_coordinator
            and mine is None
            and event.is_open
            and not event.has_started,
            "error": error,
        },
        status=status,
    )


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_event_for_user(request.user, pk))


def _event_form(request: HttpRequest, event: LearningEvent | None) -> HttpResponse:
    user = request.user
    form = EventForm(request.POST or None, user=user, event=event)
    if request.method == "POST" and form.is_valid():
        data, specialisms = form.event_data(), form.cleaned_data["specialisms"]
        try:
            if event is None:
                borough = form.cleaned_data.get("borough") or user.borough
                event = services.event_create(
                    borough=borough, data=data, specialisms=specialisms, by=user
                )
                messages.success(request, "Event posted")
            else:
                services.event_update(event=event, data=data, specialisms=specialisms, by=user)
                messages.success(request, "Event changed: everyone booked has been told")
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(event)
    return render(request, "learning/events/event_form.html", {"form": form, "event": event})


def _add_errors(form: EventForm, error: ValidationError) -> None:
    problems = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error)]
    for field, messages_ in problems:
        form.add_error(field if field in form.fields else None, messages_)


def event_create(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_manager or request.user.is_coordinator):
        raise PermissionDenied("Only managers and coordinators post events")
    return _event_form(request, None)


def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    if not event.is_open:
        return _detail(request, event, error="A cancelled event cannot be changed", status=409)
    return _event_form(request, event)


def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()[:500]
        try:
            services.event_cancel(event=event, reason=reason, by=request.user)
        except ValidationError as error:
            return _detail(request, event, error=error.messages[0], status=409)
        messages.success(request, "Event cancelled: everyone booked has been told")
        return redirect(event)
    return render(request, "learning/events/event_cancel.html", {"event": event})


def event_book(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    if (answer := post_only(request, event)) is not None:
        return answer
    try:
        booking = services.booking_make(event=event, by=request.user)
    except ValidationError as error:
        return _detail(request, event, error=error.messages[0], status=409)
    messages.success(
        request,
        {
            BookingStatus.BOOKED: "You are booked: we have emailed you a calendar invitation",
            BookingStatus.WAITING: "The event is full: you are on the waiting list",
            BookingStatus.PENDING_HOME_AGREEMENT: "Your place is held until your manager agrees",
        }[booking.status],
    )
    return redirect(event)


def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_user(request.user, pk)
    if not (request.user.pk == booking.person_id or booking.event.can_be_changed_by(request.user)):
        raise PermissionDenied("Only the person who booked or the host can cancel a booking")
    if (answer := post_only(request, booking.event)) is not None:
        return answer
    try:
        services.booking_cancel(booking=booking, by=request.user)
    except ValidationError as error:
        return _detail(request, booking.event, error=error.messages[0], status=409)
    messages.success(request, "Booking cancelled")
    return redirect(booking.event)


def booking_home_decision(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_user(request.user, pk)
    user = request.user
    if not (user.coordinates(booking.person.borough) or user.manages(booking.person.borough)):
        raise PermissionDenied("Only the person's home managers can agree to this booking")
    if (answer := post_only(request, booking.event)) is not None:
        return answer
    agree = request.POST.get("decision") == "agree"
    try:
        services.booking_home_decide(booking=booking, agree=agree, by=user)
    except ValidationError as error:
        return _detail(request, booking.event, error=error.messages[0], status=409)
    messages.success(request, "Booking agreed" if agree else "Booking declined")
    return redirect(booking.event)


def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    bookings = list(
        event.bookings.filter(status=BookingStatus.BOOKED).select_related("person__borough")
    )
    error = ""
    if request.method == "POST":
        choices = {"yes": True, "no": False}
        attended = {b.pk: choices.get(request.POST.get(f"attended_{b.pk}")) for b in bookings}
        try:
            services.attendance_record(event=event, attended=attended, by=request.user)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, "Attendance saved")
            return redirect(event)
    status = 409 if error else 200
    return render(
        request,
        "learning/events/event_attendance.html",
        {"event": event, "bookings": bookings, "error": error},
        status=status,
    )
