"""Who may see and manage boroughs and their teams."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from boroughs.models import Borough, Team


def get_borough_for_user(user: AbstractBaseUser, code: str, *, manage: bool = False) -> Borough:
    """Every signed-in user may read a borough's public page.

    Its staff and team management pages are for its own managers and the
    coordinators of its region; anyone else is told there is nothing there.
    """
    borough = get_object_or_404(Borough, gss_code=code)
    if manage and not (user.coordinates(borough) or user.manages(borough)):
        raise Http404("No such page")
    return borough


def get_team_for_user(user: AbstractBaseUser, pk: int, *, write: bool = False) -> Team:
    team = get_object_or_404(Team.objects.select_related("borough"), pk=pk)
    if user.coordinates(team.borough) or user.manages(team.borough):
        return team
    if write and user.borough_id == team.borough_id:
        raise PermissionDenied("Only your borough's managers can change its teams")
    if user.borough_id == team.borough_id:
        return team
    raise Http404("No such team")
