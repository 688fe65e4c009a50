"""How the OpenAPI schema describes the API's own parts (drf-spectacular extensions)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token made on your account page (sx_...).",
        }


# --- Error answers, documented on every operation ---------------------------
# api/errors.py gives every error a JSON body: {"detail": "..."}, or for bad
# input each field's name with its messages. A client (and a schema-driven
# tester) can rely on these shapes whichever endpoint answered.

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# Field names with lists of messages; "non_field_errors" for the whole input;
# "detail" alone when the body could not be read at all.
FIELD_ERRORS = {"type": "object", "additionalProperties": {}}

ERRORS_FOR_EVERY_OPERATION = {
    "400": ("The input is not valid: each field's messages", FIELD_ERRORS),
    "401": ("No valid token (or signed-in session)", DETAIL),
    "403": ("Signed in, but not allowed to do this", DETAIL),
    "404": ("Not found, or not yours to know about", DETAIL),
    "429": ("Too many requests with this token: wait and try again", DETAIL),
}
ERRORS_FOR_CHANGES = {
    "409": ("The record is not in a state that allows this (a workflow conflict)", DETAIL),
}


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the error answers every operation may give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS_FOR_EVERY_OPERATION)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            errors.update(ERRORS_FOR_CHANGES)
        for code, (description, schema) in errors.items():
            responses.setdefault(
                code,
                {"description": description, "content": {"application/json": {"schema": schema}}},
            )
        return responses
