"""The message thread on an application page: writing in it."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from secondments import services
from secondments.access import get_application_for_user
from secondments.forms import MessageForm
from secondments.workflow_views import application_detail


def application_message_post(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk)
    thread = f"{application.get_absolute_url()}#messages"
    if request.method != "POST":
        return redirect(thread)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.application_message_post(
                application=application, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(thread)
    return application_detail(request, pk, message_form=form, status=400)
