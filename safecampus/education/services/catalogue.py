"""A bureau's own topics and theme days: a row of the bureau replaces, for its schools, the
default (or a bureau's above) of the same topic code or theme name."""

import calendar
import re

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.education.models import ThemeDay, ThemeRule, Topic
from safecampus.education.rules import themes_for, topics_for

MONTHS_RE = re.compile(r"^(1[0-2]|[1-9])(,(1[0-2]|[1-9]))*$")
CODE_RE = re.compile(r"^[a-z0-9_-]{1,30}$")
TOPIC_FIELDS = ("name", "months", "for_holidays", "source")
THEME_FIELDS = ("topic", "rule", "month", "day", "weekday", "end_month", "end_day", "source")


def _bureau(actor, org):
    require(actor, Cap.EDUCATION_RULES, org)
    if org.is_school:
        raise DomainError(_("Topics and theme days are kept by a bureau, not by a school."))


def _changes(current, values, fields):
    if current is None:
        return {name: [None, str(values[name])] for name in fields}
    return {
        name: [str(getattr(current, name)), str(values[name])]
        for name in fields
        if getattr(current, name) != values[name]
    }


@transaction.atomic
def set_topic(*, actor, org, code, name, months="", for_holidays=False, source=""):
    """The bureau's own topic of this code (a new one, or its text of an inherited one)."""
    _bureau(actor, org)
    code, name = (code or "").strip().lower(), (name or "").strip()
    months = (months or "").replace(" ", "").replace("，", ",")
    problems = {}
    if not CODE_RE.match(code):
        problems["code"] = _("Use lower-case letters, digits, - and _ for the code.")
    if not name or len(name) > 60:
        problems["name"] = _("Give the topic a name of at most 60 characters.")
    if months and not MONTHS_RE.match(months):
        problems["months"] = _("List months as numbers from 1 to 12 separated by commas.")
    if len(source or "") > 200:
        problems["source"] = _("Keep the source under %(n)d characters.") % {"n": 200}
    if problems:
        raise InvalidFields(problems)
    current = next((t for t in topics_for(org) if t.code == code), None)
    values = {"name": name, "months": months, "for_holidays": for_holidays, "source": source}
    changes = _changes(current, values, TOPIC_FIELDS)
    own = current if current is not None and current.org_id == org.pk else None
    if own is None:
        position = current.position if current else 100
        own = Topic(org=org, code=code, position=position)
    for field, value in values.items():
        setattr(own, field, value)
    own.save()
    audit.record(actor=actor, org=org, action="education.topic", obj=own, changes=changes)
    return own


def _check_theme(values):
    problems = {}
    month, day = values["month"], values["day"]
    if not values["name"] or len(values["name"]) > 60:
        problems["name"] = _("Give the theme day a name of at most 60 characters.")
    if not isinstance(month, int) or not 1 <= month <= 12:
        problems["month"] = _("Enter a month from 1 to 12.")
    elif not isinstance(day, int) or not 1 <= day <= calendar.monthrange(2024, month)[1]:
        problems["day"] = _("This month has no such day.")
    if not isinstance(values["weekday"], int) or not 0 <= values["weekday"] <= 6:
        problems["weekday"] = _("Enter a weekday from 0 (Monday) to 6 (Sunday).")
    if values["rule"] == ThemeRule.SPAN:
        end_month, end_day = values["end_month"], values["end_day"]
        if not isinstance(end_month, int) or not 1 <= end_month <= 12:
            problems["end_month"] = _("A span needs the month it ends in.")
        elif end_day is not None and not 1 <= end_day <= calendar.monthrange(2024, end_month)[1]:
            problems["end_day"] = _("This month has no such day.")
        elif (end_month, end_day or 31) < (month or 0, day or 0):
            problems["end_month"] = _("A span must end after it starts, in the same year.")
    if len(values["source"]) > 200:
        problems["source"] = _("Keep the source under %(n)d characters.") % {"n": 200}
    if problems:
        raise InvalidFields(problems)


@transaction.atomic
def set_theme(*, actor, org, name, topic, rule, month, day=1, weekday=0, end_month=None,
              end_day=None, source=""):  # fmt: skip
    """The bureau's own theme day of this name (a new one, or its dates of an inherited one).
    The topic must be one in force at the bureau."""
    _bureau(actor, org)
    name, source = (name or "").strip(), (source or "").strip()
    if rule not in ThemeRule.values:
        raise InvalidFields({"rule": _("Choose how the date is found.")})
    if topic is not None and topic.pk not in {t.pk for t in topics_for(org)}:
        raise InvalidFields({"topic": _("Choose a topic of the catalogue in force here.")})
    span = rule == ThemeRule.SPAN
    values = {
        "name": name,
        "topic": topic,
        "rule": rule,
        "month": month,
        "day": day or 1,
        "weekday": weekday or 0,
        "end_month": end_month if span else None,
        "end_day": end_day if span else None,
        "source": source,
    }
    _check_theme(values)
    current = next((t for t in themes_for(org) if t.name == name), None)
    changes = _changes(current, values, THEME_FIELDS)
    own = current if current is not None and current.org_id == org.pk else ThemeDay(org=org)
    for field, value in values.items():
        setattr(own, field, value)
    own.save()
    audit.record(actor=actor, org=org, action="education.theme", obj=own, changes=changes)
    return own
