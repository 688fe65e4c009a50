"""What the audit log knows about the records it describes, told to it by their apps.

The audit app sits low in the layout (DESIGN.md): it cannot import the apps
whose changes it records. Each app registers its audited models (what people
call them, the page that shows one, the labels of their states) and the
wording of its action codes from its AppConfig.ready().
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class ObjectType:
    model: type[models.Model]
    label: str  # what people call one: "Help request"
    url_name: str = ""  # the page that shows one, reversed with its id; "" for none
    states: type[models.TextChoices] | None = None


OBJECT_TYPES: dict[str, ObjectType] = {}
ACTION_LABELS: dict[str, str] = {}
# Where each kind of record's authorities are, as paths from the record
# ("borough", "host", "worker__borough"; "" for an authority itself), so that
# a regional coordinator's log shows the records of their regions (issue 13).
REGION_PATHS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {}


def object_type_code(model: type[models.Model] | models.Model) -> str:
    """How events name a model: its model name ("helprequest"), as they always have."""
    return model._meta.model_name


def register(
    model: type[models.Model],
    *,
    label: str,
    url_name: str = "",
    states: type[models.TextChoices] | None = None,
    actions: Mapping[str, str] = {},
) -> None:
    OBJECT_TYPES[object_type_code(model)] = ObjectType(model, label, url_name, states)
    ACTION_LABELS.update(actions)


def register_actions(actions: Mapping[str, str]) -> None:
    ACTION_LABELS.update(actions)


def register_regions(model: type[models.Model], *paths: str) -> None:
    """Say where a record's authorities are (see REGION_PATHS). Records of a kind
    not registered here show by who made the change instead."""
    REGION_PATHS[object_type_code(model)] = (model, paths or ("",))


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code) or code.replace("_", " ").capitalize()


def state_label(object_type: str, state: str) -> str:
    if not state:
        return "New"
    found = OBJECT_TYPES.get(object_type)
    if found is None or found.states is None:
        return state
    try:
        return found.states(state).label
    except ValueError:
        return state
