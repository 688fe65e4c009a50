"""A borough's recharge salaries page: for its own managers and coordinators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from boroughs.access import get_borough_for_user
from boroughs.models import JobLevel, RechargeSalary
from people.forms import RechargeSalariesForm
from people.recharge import recharge_salaries_set


def recharge_salaries(request: HttpRequest, code: str) -> HttpResponse:
    borough = get_borough_for_user(request.user, code, manage=True)
    current = {row.job_level: row for row in RechargeSalary.objects.filter(borough=borough)}
    form = RechargeSalariesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            recharge_salaries_set(borough=borough, salaries=form.salaries(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Recharge salaries saved")
            return redirect("recharge_salaries", borough.gss_code)
    rows = [(level, current.get(level.value)) for level in JobLevel]
    return render(
        request,
        "people/recharge_salaries.html",
        {"borough": borough, "form": form, "rows": rows},
    )
