"""The reference and rating pages, a worker's references and a host's averages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from boroughs.access import get_borough_for_user
from learning.models import PlacementRating, Reference
from learning.references import services
from learning.references.access import (
    get_placement_for_rating,
    get_placement_for_reference,
    get_worker_for_references,
    may_give_reference,
)
from learning.references.forms import RatingForm, ReferenceForm
from learning.references.queries import MIN_RATINGS_SHOWN, borough_rating_summary
from secondments.models import Placement, PlacementStatus


def _scores(obj) -> list[tuple[str, str]]:
    return [
        (str(obj._meta.get_field(name).verbose_name), getattr(obj, f"get_{name}_display")())
        for name in obj.SCORES
    ]


def _save(request, form, write) -> int | None:
    """Run the service for a valid form; None when it succeeded, else the status to answer."""
    if not form.is_valid():
        return 200
    try:
        write(form.values())
    except services.FeedbackConflict as conflict:
        form.add_error(None, str(conflict))
        return 409
    except ValidationError as error:
        form.add_error(None, error)
        return 200
    return None


def placement_reference(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows the reference (or the form to give or correct it); POST gives or corrects."""
    placement = get_placement_for_reference(request.user, pk, write=request.method == "POST")
    reference = Reference.objects.filter(placement=placement).select_related("author").first()
    now = timezone.now()
    correcting = reference is not None and reference.can_be_corrected_by(request.user, now)
    may_give = reference is None and may_give_reference(request.user, placement)
    form = None
    status = 200
    if correcting or may_give:
        form = ReferenceForm(request.POST or None, instance=reference)
    if request.method == "POST":
        if form is None:
            form = ReferenceForm(request.POST)
            form.is_valid()
            form.add_error(
                None,
                services.LOCKED
                if reference is not None and reference.author_id == request.user.pk
                else f"{reference.author} has already given this placement's reference: "
                "there is one for each placement",
            )
            status = 409
        else:
            if reference is None:

                def write(data):
                    services.reference_give(placement=placement, data=data, by=request.user)
            else:

                def write(data):
                    services.reference_correct(
                        reference=reference, data=data, by=request.user, now=now
                    )

            status = _save(request, form, write)
            if status is None:
                messages.success(
                    request, "Reference saved" if reference is None else "Reference corrected"
                )
                return redirect("placement_reference", placement.pk)
    return render(
        request,
        "learning/references/placement_reference.html",
        {
            "placement": placement,
            "reference": reference,
            "scores": _scores(reference) if reference else [],
            "form": form,
            "correcting": correcting,
            "completed": placement.status == PlacementStatus.COMPLETED,
            "may_give": may_give_reference(request.user, placement),
        },
        status=status,
    )


def placement_rating(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker's own rating of their placement: give it, see it, correct it for 14 days."""
    placement = get_placement_for_rating(request.user, pk)
    rating = PlacementRating.objects.filter(placement=placement).first()
    if rating is not None:
        rating.placement = placement
    now = timezone.now()
    correcting = rating is not None and rating.can_be_corrected_by(request.user, now)
    form = (
        RatingForm(request.POST or None, instance=rating) if rating is None or correcting else None
    )
    status = 200
    if request.method == "POST":
        if form is None:
            form = RatingForm(request.POST)
            form.is_valid()
            form.add_error(None, services.LOCKED)
            status = 409
        else:
            if rating is None:

                def write(data):
                    services.placement_rate(placement=placement, data=data, by=request.user)
            else:

                def write(data):
                    services.placement_rating_correct(
                        rating=rating, data=data, by=request.user, now=now
                    )

            status = _save(request, form, write)
            if status is None:
                messages.success(request, "Rating saved" if rating is None else "Rating corrected")
                return redirect("placement_rating", placement.pk)
    return render(
        request,
        "learning/references/placement_rating.html",
        {
            "placement": placement,
            "rating": rating,
            "scores": _scores(rating) if rating else [],
            "form": form,
            "correcting": correcting,
            "completed": placement.status == PlacementStatus.COMPLETED,
        },
        status=status,
    )


def person_references(request: HttpRequest, pk: int) -> HttpResponse:
    """A worker's references: for them, their home borough's managers and coordinators."""
    worker = get_worker_for_references(request.user, pk)
    references = (
        Reference.objects.filter(placement__worker=worker)
        .select_related("author", "placement__host", "placement__help_request")
        .order_by("-placement__ends_on", "-pk")
    )
    rows = [(reference, _scores(reference)) for reference in references]
    completed_without = (
        Placement.objects.filter(worker=worker, status=PlacementStatus.COMPLETED)
        .filter(reference__isnull=True)
        .count()
    )
    return render(
        request,
        "learning/references/person_references.html",
        {"worker": worker, "rows": rows, "waiting": completed_without},
    )


def borough_ratings(request: HttpRequest, code: str) -> HttpResponse:
    """What social workers think of placements here: averages only, from 3 ratings."""
    borough = get_borough_for_user(request.user, code, manage=True)
    return render(
        request,
        "learning/references/borough_ratings.html",
        {
            "borough": borough,
            "summary": borough_rating_summary(borough),
            "minimum": MIN_RATINGS_SHOWN,
        },
    )
