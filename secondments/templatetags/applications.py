from django import template

from secondments import transitions
from secondments.models import Application

register = template.Library()


@register.simple_tag
def next_step_for(application: Application, user) -> str:
    """`{% next_step_for application user %}`: the next step, said to the reader."""
    return transitions.next_step_for(application, user)
