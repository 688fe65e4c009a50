"""A borough's monthly pressure reports: the list, a new report, one report
(changeable while its month is open)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from boroughs.models import PressureReport, open_report_months, report_closes_on
from pressure.monthly import services
from pressure.monthly.access import get_report_for_user, get_reporting_borough_for_user
from pressure.monthly.forms import PressureReportForm


def report_list(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_reporting_borough_for_user(request.user, code)
    today = timezone.localdate()
    reports = list(
        PressureReport.objects.filter(borough=borough).select_related("reported_by", "updated_by")
    )
    by_month = {report.month: report for report in reports}
    open_months = [
        (month, by_month.get(month), report_closes_on(month)) for month in open_report_months(today)
    ]
    return render(
        request,
        "pressure/monthly/report_list.html",
        {"borough": borough, "reports": reports, "open_months": open_months, "today": today},
    )


def report_new(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_reporting_borough_for_user(request.user, code)
    today = timezone.localdate()
    months = open_report_months(today)
    initial = {}
    if request.GET.get("month") in {m.isoformat() for m in months}:
        initial["month"] = request.GET["month"]
    form = PressureReportForm(request.POST or None, months=months, initial=initial)
    existing = None
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data["month"]
        try:
            report = services.pressure_report_create(
                borough=borough,
                month=month,
                data=form.figures(),
                by=request.user,
                today=today,
            )
        except ValidationError as error:
            _add_errors(form, error)
            existing = PressureReport.objects.filter(borough=borough, month=month).first()
        else:
            messages.success(request, f"Report for {report.month:%B %Y} saved")
            return redirect("pressure_reports", borough.gss_code)
    return render(
        request,
        "pressure/monthly/report_form.html",
        {"borough": borough, "form": form, "report": None, "existing": existing, "today": today},
        status=400 if form.errors else 200,
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    today = timezone.localdate()
    is_open = report.is_open(today)
    form = None
    if is_open:
        form = PressureReportForm(
            request.POST or None,
            initial={field: getattr(report, field) for field in services.REPORT_FIELDS},
        )
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(
                request,
                f"The report for {report.month:%B %Y} closed on {report.closes_on:%-d %B %Y}: "
                "it can no longer be changed",
            )
            status = 409
        elif form.is_valid():
            try:
                changed = services.pressure_report_update(
                    report=report, data=form.figures(), by=request.user, today=today
                )
            except services.ReportClosed as closed:
                messages.error(request, closed.messages[0])
                form, status = None, 409
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Report for {report.month:%B %Y} "
                    + ("changed" if changed else "saved: nothing had changed"),
                )
                return redirect("pressure_reports", report.borough.gss_code)
        if form is not None and form.errors:
            status = 400
    return render(
        request,
        "pressure/monthly/report_form.html",
        {"borough": report.borough, "form": form, "report": report, "today": today},
        status=status,
    )


def _add_errors(form: PressureReportForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)
