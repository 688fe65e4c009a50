"""Request bodies several endpoints take, and reading one."""

from rest_framework import serializers
from rest_framework.request import Request

from accounts.input_limits import LONG_TEXT_MAX


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=LONG_TEXT_MAX,
        required=False,
        allow_blank=True,
        help_text="The people involved will see this. Needed to cancel, decline, refuse or reject",
    )


def valid(serializer_class: type[serializers.Serializer], request: Request) -> dict:
    """The body's valid values, "" for text left out; a 400 with each field's messages otherwise."""
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return {name: "" for name in body.fields} | dict(body.validated_data)
