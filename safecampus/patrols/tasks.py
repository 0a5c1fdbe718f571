"""Periodic patrol work (registered in registry.py)."""

from django.tasks import task

from safecampus.patrols.rounds import make_and_close


@task
def patrol_rounds():
    return make_and_close()
