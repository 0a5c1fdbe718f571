"""The casework lists cost a fixed number of queries however many rows they show
(tests/budgets.py): the persons of concern (page and API), the disputes, the bullying cases,
the mandatory reports, the health notes, the requests, the access report."""

import itertools

import pytest
from django.utils import timezone

from safecampus.casework.models import (
    AccessGrant,
    ConcernCategory,
    ConcernFollowUp,
    PersonOfConcern,
)
from safecampus.casework.services import access
from safecampus.core.models import User
from tests import budgets

pytestmark = pytest.mark.django_db

SERIAL = itertools.count(1)


def _cases(school, n=8):
    principal = User.objects.get(username=f"{school.code}.principal")
    made = []
    for i in range(n):
        k = next(SERIAL)
        case = PersonOfConcern.objects.create(
            school=school,
            subject_kind="outsider",
            name=f"预算{k}",
            category=ConcernCategory.objects.order_by("pk")[i % 5],
            risk_level=("low", "middle", "high")[i % 3],
            responsible=principal,
            flagged=bool(i % 2),
            opened_on=timezone.localdate(),
            created_by=principal,
        )
        ConcernFollowUp.objects.create(concern=case, due_on=timezone.localdate())
        made.append(case)
    return made


def grow_cases(school):
    return [f"#{c.pk}" for c in _cases(school)]


def grow_requests(school):
    head = User.objects.get(username=f"{school.code}.headteacher")
    made = []
    for case in _cases(school):
        AccessGrant.objects.create(
            school=school, ledger="concern", record_id=case.pk, requested_by=head, reason="预算"
        )
        made.append(f"#{case.pk}")
    return made


def grow_reads(school):
    officer = User.objects.get(username=f"{school.code}.officer")
    made = []
    for case in _cases(school):
        access.read_record(actor=officer, ledger="concern", record=case)
        made.append(case.reference)
    return made


def grow_disputes(school):
    from safecampus.casework.models import Dispute, DisputeLevel, DisputeType

    principal = User.objects.get(username=f"{school.code}.principal")
    levels, kinds = list(DisputeLevel.objects.all()), list(DisputeType.objects.all())
    made = []
    for i in range(8):
        k = next(SERIAL)
        Dispute.objects.create(
            school=school,
            type=kinds[i % len(kinds)],
            level=levels[i % len(levels)],
            parties=f"预算{k}, 家长",
            summary="预算",
            handler=principal,
            found_on=timezone.localdate(),
            deadline=timezone.localdate(),
            created_by=principal,
        )
        made.append(f"预算{k}")
    return made


def grow_bullying(school):
    from safecampus.casework.models import BullyingCase

    principal = User.objects.get(username=f"{school.code}.principal")
    made = []
    for i in range(8):
        k = next(SERIAL)
        BullyingCase.objects.create(
            school=school,
            channel=("tip", "student", "guardian", "staff")[i % 4],
            act="verbal",
            parties=f"预算{k}, 学生",
            summary="预算",
            handler=principal if i % 2 else None,
            received_at=timezone.now(),
            accept_by=timezone.localdate(),
        )
        made.append(f"预算{k}")
    return made


def grow_mandatory(school):
    from safecampus.casework.models import MandatoryReport, MandatoryTrigger

    principal = User.objects.get(username=f"{school.code}.principal")
    triggers = list(MandatoryTrigger.objects.all())
    made = []
    for i in range(8):
        k = next(SERIAL)
        MandatoryReport.objects.create(
            school=school,
            trigger=triggers[i % len(triggers)],
            subject=f"预算{k}, 三年级",
            summary="预算",
            learned_at=timezone.now(),
            report_by=timezone.now(),
            handler=principal,
            created_by=principal,
        )
        made.append(f"预算{k}")
    return made


def grow_health(school):
    """Eight notes of the head teacher's first class, so both the medic and the head see them."""
    from safecampus.casework.models import HealthNote
    from safecampus.students.models import Student

    medic = User.objects.get(username=f"{school.code}.medic")
    pupils = list(
        Student.objects.filter(
            school=school, school_class__head_teacher__username=f"{school.code}.headteacher"
        ).order_by("pk")[:8]
    )
    made = []
    for pupil in pupils:
        k = next(SERIAL)
        HealthNote.objects.create(
            school=school,
            student=pupil,
            kind="allergy",
            detail=f"预算{k}",
            emergency="预算",
            created_by=medic,
        )
        made.append(f"预算{k}")
    return made


CASES = {
    "health": ("s01.medic", "/schools/{s01}/casework/health/", grow_health, 14),
    "health own class": ("s01.headteacher", "/schools/{s01}/casework/health/", grow_health, 14),
    "api health": ("s01.pe", "/api/v1/schools/{s01}/health-notes", grow_health, 8),
    "bullying": ("s01.officer", "/schools/{s01}/casework/bullying/", grow_bullying, 14),
    "api bullying": ("s01.officer", "/api/v1/schools/{s01}/bullying", grow_bullying, 8),
    "mandatory": ("s01.officer", "/schools/{s01}/casework/mandatory/", grow_mandatory, 14),
    "api mandatory": (
        "s01.officer",
        "/api/v1/schools/{s01}/mandatory-reports",
        grow_mandatory,
        8,
    ),
    "disputes": ("s01.officer", "/schools/{s01}/casework/disputes/", grow_disputes, 14),
    "api disputes": ("s01.officer", "/api/v1/schools/{s01}/disputes", grow_disputes, 8),
    "concerns": ("s01.officer", "/schools/{s01}/casework/concerns/", grow_cases, 12),
    "concerns masked": ("s01.headteacher", "/schools/{s01}/casework/concerns/", grow_cases, 12),
    "concerns police": ("police.liaison", "/schools/{s01}/casework/concerns/", grow_cases, 12),
    "api concerns": ("s01.headteacher", "/api/v1/schools/{s01}/concerns", grow_cases, 8),
    "requests": ("s01.principal", "/schools/{s01}/casework/access/", grow_requests, 12),
    "api requests": ("s01.principal", "/api/v1/schools/{s01}/access-requests", grow_requests, 8),
    "access report": ("s01.principal", "/schools/{s01}/casework/access-log/", grow_reads, 12),
}


@pytest.mark.parametrize("name", CASES)
def test_list_queries_are_bounded(name, login, org):
    username, url, grow, budget = CASES[name]
    school = org("s01")
    loads = budgets.grow_between_loads(
        login(username), url.format(s01=school.pk), lambda: grow(school)
    )
    if name not in ("api requests", "concerns masked", "concerns police", "api concerns"):
        budgets.assert_shows(loads, loads.grown[-2:])
    budgets.assert_bounded(loads, budget, name)
