"""What the money, learning, pressure and profile endpoints share: the web
pages' own forms run on an API request's JSON (so a field's rules and
messages are the web form's), and the error bodies as the schema describes them.

A JSON body is turned into the form data a browser would send: each value
as text (a list as repeated values), so a form sees nothing a browser could
not send it and never meets a type it does not expect.
"""

import json
from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.http import Http404, QueryDict
from django.utils.datastructures import MultiValueDict
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers

# --- Error bodies, as api/errors.py writes them --------------------------------------

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each field named with its messages; `non_field_errors` for the whole "
    "request, or `detail` when the body could not be read.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The error answers an operation may give, for extend_schema's `responses`."""
    said = {
        400: OpenApiResponse(FIELD_ERRORS, description="Bad input: each field's messages"),
        403: OpenApiResponse(DETAIL, description="Visible to you, but not yours to change"),
        404: OpenApiResponse(DETAIL, description="Not found, or not yours to know about"),
        409: OpenApiResponse(DETAIL, description="The record's state does not allow this"),
    }
    return {code: said[code] for code in codes}


# --- JSON into a web form ----------------------------------------------------------


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    return json.dumps(value)


def form_data(body, *, base: dict | None = None) -> MultiValueDict:
    """The request body as form data, over `base` (the record's current values,
    for a partial update). Anything but a JSON object is a 400."""
    if not isinstance(body, dict):
        raise exceptions.ValidationError(
            {"non_field_errors": ["Send a JSON object with the fields to set"]}
        )
    data = MultiValueDict()
    given = body.lists() if isinstance(body, QueryDict) else body.items()
    for pairs in ((base or {}).items(), given):
        for name, value in pairs:
            if isinstance(value, list | tuple):
                data.setlist(name, [_as_text(item) for item in value])
            else:
                data.setlist(name, [_as_text(value)])
    return data


def form_errors(form: forms.Form) -> exceptions.ValidationError:
    """The form's messages as the API's 400 body."""
    return exceptions.ValidationError(
        {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in form.errors.items()
        }
    )


def valid(form: forms.Form) -> forms.Form:
    if not form.is_valid():
        raise form_errors(form)
    return form


def current_values(instance, fields: Iterable[str]) -> dict:
    """A record's values as a form posts them, for a partial update over them."""
    values = {}
    for name in fields:
        value = getattr(instance, name)
        if hasattr(value, "all"):  # a many-to-many manager
            value = [str(pk) for pk in value.values_list("pk", flat=True)]
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        values[name] = value
    return values


# --- Small output pieces ------------------------------------------------------------


class BoroughRefSerializer(serializers.Serializer):
    gss_code = serializers.CharField()
    name = serializers.CharField()


# --- Record ids in URLs ---------------------------------------------------------------

# PostgreSQL's integer: a larger id names nothing, and must not reach the database.
MAX_ID = 2_147_483_647
ID_REGEX = "[0-9]+"
ID_PARAMETER = OpenApiParameter(
    "id",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
    required=True,
)


def record_id(text: str) -> int:
    """The id in a URL, or 404 for one no record can have."""
    if not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise Http404("Not found")
    return int(text)


# --- The schema -----------------------------------------------------------------------


def document_not_found(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing: whichever module an operation is in, it
    answers 404 when its path names a record that is not there (or not yours to
    know about), and a paginated list for a page past its end (`?page=99`)."""
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            parameters = operation.get("parameters", [])
            paged = any(p.get("in") == "query" and p.get("name") == "page" for p in parameters)
            if paged or "{" in path:
                operation["responses"].setdefault(
                    "404",
                    {
                        "description": "Not found, or not yours to know about",
                        "content": {"application/json": {"schema": DETAIL}},
                    },
                )
    return result
