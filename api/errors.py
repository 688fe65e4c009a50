"""The API's errors, as the web pages' (STYLE.md: services raise, views translate).

- a service's ValidationError naming fields: 400 with each field's messages;
- a service's ValidationError about the record's state: 409 Conflict;
- PermissionDenied: 403; Http404: 404 ("not found", whoever owns it).

Every error body is JSON: {"detail": "..."} and, for field errors, the field
names with lists of messages.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is not in a state that allows this."
    default_code = "conflict"


def translate_service_error(error: DjangoValidationError) -> exceptions.APIException:
    """A service's ValidationError as the API answers it (400 or 409)."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in error.message_dict.items()
            }
        )
    return Conflict(" ".join(error.messages))


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = translate_service_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "You cannot do that.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, list):
        response.data = {"detail": " ".join(str(item) for item in response.data)}
    return response


def conflict_response(message: str) -> Response:
    return Response({"detail": message}, status=status.HTTP_409_CONFLICT)
