"""Learning reports: writing, reading, the managers' list and moderation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from learning.models import LearningReport, LibraryStatus
from learning.reports import services
from learning.reports.access import RELATED, get_report_for_user
from learning.reports.forms import NewReportForm, PublishForm, ReportForm, ReturnForm
from secondments.access import get_placement_for_user


def learning_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for_user(request.user, pk)
    if placement.worker_id != request.user.pk:
        raise Http404("No such placement")
    report = LearningReport.objects.filter(placement=placement).first()
    if report is None and not LearningReport.may_be_written_for(placement, timezone.localdate()):
        return render(
            request, "learning/reports/report_not_yet.html", {"placement": placement}, status=409
        )
    form_class = ReportForm if report else NewReportForm
    form = form_class(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        answers = {name: form.cleaned_data[name] for name in services.TEXT_FIELDS}
        try:
            if report is None:
                report = services.report_write(
                    placement=placement,
                    by=request.user,
                    anonymous=form.anonymous,
                    library_consent=form.cleaned_data["library_consent"],
                    **answers,
                )
            else:
                services.report_edit(
                    report=report, by=request.user, anonymous=form.anonymous, **answers
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Learning report saved")
            return redirect(report.get_absolute_url())
    return render(
        request,
        "learning/reports/report_form.html",
        {"placement": placement, "report": report, "form": form},
        status=409 if form.non_field_errors() else 200,
    )


def learning_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    return render(
        request,
        "learning/reports/report_detail.html",
        {"report": report, "author": report.author_shown_to(request.user)},
    )


def learning_report_consent(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("consent") == "give":
        services.report_consent_give(report=report, by=request.user)
        messages.success(request, "Offered to the practice library: a coordinator will check it")
    else:
        services.report_consent_withdraw(report=report, by=request.user)
        messages.success(request, "Consent withdrawn: the report is not in the practice library")
    return redirect(report.get_absolute_url())


def learning_report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    reports = LearningReport.objects.visible_to(user).select_related(*RELATED)
    if user.is_manager and user.borough_id:
        sections = [
            (f"About {user.borough.name}", list(reports.about(user.borough))),
            (f"By {user.borough.name}'s staff", list(reports.by_staff_of(user.borough))),
        ]
    else:
        sections = [("Learning reports", list(reports))]
    return render(
        request,
        "learning/reports/report_list.html",
        {
            "sections": [
                (title, [(report, report.author_shown_to(user)) for report in rows])
                for title, rows in sections
            ]
        },
    )


def library_moderation(request: HttpRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise PermissionDenied("Only coordinators moderate the practice library")
    in_regions = request.user.coordinator_scope("placement__host", "placement__home")
    waiting = (
        LearningReport.objects.awaiting_moderation()
        .filter(in_regions)
        .select_related(*RELATED)
        .order_by("consent_given_at", "pk")
    )
    returned = (
        LearningReport.objects.filter(library_status=LibraryStatus.RETURNED)
        .filter(in_regions)
        .select_related(*RELATED)
    )
    return render(
        request,
        "learning/reports/moderation.html",
        {"waiting": waiting, "returned": returned},
    )


def learning_report_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, moderate=True)
    initial = {
        "title": report.published_title or f"A placement in {report.placement.host.name}",
        "text": report.published_text
        or "\n\n".join(getattr(report, name) for name in services.TEXT_FIELDS),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    publish_form = PublishForm(request.POST if action == "publish" else None, initial=initial)
    return_form = ReturnForm(request.POST if action == "return" else None)
    form = publish_form if action == "publish" else return_form
    if action in ("publish", "return") and form.is_valid():
        try:
            if action == "publish":
                services.report_publish(
                    report=report,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                )
                messages.success(request, "Published in the practice library")
            else:
                services.report_return(
                    report=report, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, "Returned to the author")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("library_moderation")
    return render(
        request,
        "learning/reports/moderate.html",
        {"report": report, "publish_form": publish_form, "return_form": return_form},
        status=409 if form.non_field_errors() else 200,
    )
