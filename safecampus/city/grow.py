"""Grow a database to a city: one bureau, N schools, every module's rows, from one seed.

Rows go in by bulk (COPY on PostgreSQL), never through the services: the generated history
writes no audit events but the full reads of casework records (their only record, which a
metric counts), appended to the schools' chains with their hashes, so `verify_audit` still
passes.
"""

import time

from django.contrib.auth.hashers import make_password
from django.db import connections, transaction
from django.utils import timezone

from safecampus.city import (
    casework,
    defences,
    education,
    emergencies,
    gate,
    hazards,
    incidents,
    inspections,
    outings,
    patrols,
    people,
    risks,
    supervision,
    surroundings,
    traffic,
    transport,
)
from safecampus.city.context import City
from safecampus.city.writer import Writer
from safecampus.core import metrics
from safecampus.education.models import Reminder1530, SafetyLesson, TrainingAttendee
from safecampus.education.services.rollup import rebuild_due
from safecampus.gate.models import Visit
from safecampus.hazards import tally
from safecampus.hazards.models import Hazard, HazardEvent
from safecampus.inspections.models import CheckTask, Inspection, InspectionResult
from safecampus.patrols.models import Round, Scan
from safecampus.students.models import Guardian, GuardianLetter, Student
from safecampus.transport.models import OutingMark, TripMark

PASSWORD = "city-pass-2026"
# The tables that take most rows: their indexes and foreign keys are built after the load.
BIG_TABLES = [Hazard, HazardEvent, CheckTask, Inspection, InspectionResult, Round, Scan, Visit]
BIG_TABLES += [Student, Guardian, GuardianLetter, Reminder1530, SafetyLesson, TrainingAttendee]
BIG_TABLES += [TripMark, OutingMark]
STEPS = [
    ("hazards", hazards.grow),
    ("risks", risks.grow),
    ("inspections", inspections.grow),
    ("patrols", patrols.grow),
    ("gate", gate.grow),
    ("emergencies", emergencies.grow),
    ("supervision", supervision.grow),
    ("defences", defences.grow),
    ("education", education.grow),
    ("casework", casework.grow),
    ("surroundings", surroundings.grow),
    ("transport", transport.grow),
    ("outings", outings.grow),
    ("traffic", traffic.grow),
    ("incidents", incidents.grow),
]


def grow_city(
    *,
    schools,
    hazard_count,
    hot_spot,
    seed,
    prefix="city",
    days=30,
    today=None,
    using="default",
    log=print,
):
    writer = Writer(using)
    city = City(
        seed=seed,
        today=today or timezone.localdate(),
        writer=writer,
        prefix=prefix,
        # One salt from the seed: the same seed gives the same rows, password column included.
        password_hash=make_password(PASSWORD, salt=f"city{seed}{prefix}"),
        days=days,
    )
    timings = []
    with transaction.atomic(using=using):
        started = time.perf_counter()
        people.grow(city, schools, hazard_count, hot_spot)
        timings.append(("orgs, people, zones", time.perf_counter() - started))
        log(f"  orgs, people, zones: {timings[-1][1]:.1f} s")
        with writer.loading(*BIG_TABLES):
            for name, step in STEPS:
                started = time.perf_counter()
                step(city)
                timings.append((name, time.perf_counter() - started))
                log(f"  {name}: {timings[-1][1]:.1f} s")
            started = time.perf_counter()
        timings.append(("indexes and foreign keys", time.perf_counter() - started))
        log(f"  indexes and foreign keys: {timings[-1][1]:.1f} s")
        writer.finish()
        # The hazards went in without the services, so nothing counted them for the bureau.
        started = time.perf_counter()
        tally.rebuild([school.id for school in city.schools])
        timings.append(("hazard tally", time.perf_counter() - started))
        log(f"  hazard tally: {timings[-1][1]:.1f} s")
        # Nor were the metrics' daily roll-ups rebuilt: the nightly task's work, done now.
        started = time.perf_counter()
        metrics.rebuild_rollups()
        timings.append(("metric roll-ups", time.perf_counter() - started))
        log(f"  metric roll-ups: {timings[-1][1]:.1f} s")
        started = time.perf_counter()
        rebuild_due()
        timings.append(("1530 entries due", time.perf_counter() - started))
        log(f"  1530 entries due: {timings[-1][1]:.1f} s")
    connection = connections[using]
    # VACUUM cannot run inside a transaction: when the caller holds one (a test), the planner's
    # statistics are left to autovacuum.
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        timings.append(("vacuum analyze", time.perf_counter() - started))
        log(f"  vacuum analyze: {timings[-1][1]:.1f} s")
    return city, timings
