"""The education part of the demo district."""

from safecampus.core.models import Org
from safecampus.education.demo.concerns import load_concerns
from safecampus.education.demo.guardians import load_guardians
from safecampus.education.demo.lessons import load_lessons
from safecampus.education.demo.log import load_log
from safecampus.education.demo.trainings import load_trainings
from safecampus.education.services.rollup import rebuild_due


def load(demo):
    load_log(demo)
    load_lessons(demo)
    load_trainings(demo)
    load_guardians(demo)
    load_concerns(demo)
    # What the nightly task would have rolled up of the demo's term.
    rebuild_due(schools=Org.objects.filter(pk__in=[s.pk for s in demo.schools]))
