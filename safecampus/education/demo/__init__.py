"""The education part of the demo district."""

from safecampus.education.demo.guardians import load_guardians
from safecampus.education.demo.lessons import load_lessons
from safecampus.education.demo.log import load_log
from safecampus.education.demo.trainings import load_trainings


def load(demo):
    load_log(demo)
    load_lessons(demo)
    load_trainings(demo)
    load_guardians(demo)
