"""The district summary over a grown city, and the ledger pack of its hot-spot school, written
by the worker's own task in this process: time and peak memory, beside the same SQL replayed raw.

    DATABASE_URL=postgres://…/city .venv/bin/python bench/district_summary.py [--only summary]

Needs a database grown by `manage.py grow_city`. Each document is asked for as a Summary row
and written by `write_summary.call(pk)`, the function the task worker runs, so the file is
saved and the asker notified as in production. Memory is the process's peak resident set
(`ru_maxrss`, what the worker process would hold) before and after each document; the SQL the
document ran is captured in a second run (CaptureQueriesContext) and replayed raw, timed. Issue
19's target: the district summary over 1,000 schools in ≤ 30 s with peak memory ≤ 300 MB.
Writes rows (the summaries and their files under SAFECAMPUS_VAR_DIR).
"""

import argparse
import os
import re
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecampus.settings")
os.environ.setdefault("SAFECAMPUS_LOG_LEVEL", "WARNING")

TARGET_SECONDS = 30
TARGET_MB = 300


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# A chunked `.iterator()` reads through a server-side cursor: replay the SELECT it declares.
DECLARE = re.compile(r"^DECLARE \S+ NO SCROLL CURSOR (?:WITH(?:OUT)? HOLD )?FOR ", re.S)


def reads(captured):
    # A UNION of two SELECTs starts with a parenthesis.
    sqls = [DECLARE.sub("", q["sql"]) for q in captured.captured_queries]
    return [sql for sql in sqls if sql.lstrip().lstrip("(").startswith(("SELECT", "WITH"))]


def replay(statements):
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
    return time.perf_counter() - start


def ask(org, user, kind, start, end):
    from safecampus.core.access import capabilities
    from safecampus.reports.models import Summary

    return Summary.objects.create(
        org=org, title=f"bench {kind} {org.code}", kind=kind, start=start, end=end,
        caps=sorted(capabilities(user, org)), requested_by=user,
    )  # fmt: skip


def measure(label, org, user, kind, start, end):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safecampus.reports.models import Summary, SummaryStatus
    from safecampus.reports.services.summaries import write_summary

    before = peak_mb()
    summary = ask(org, user, kind, start, end)
    started = time.perf_counter()
    write_summary.call(summary.pk)
    seconds = time.perf_counter() - started
    after = peak_mb()
    summary = Summary.objects.get(pk=summary.pk)
    assert summary.status == SummaryStatus.DONE, summary.error
    # A worker writes many documents: the second run is without the one-time imports (the
    # URLconf for the inbox link, matplotlib and its CJK font).
    warm = ask(org, user, kind, start, end)
    started = time.perf_counter()
    write_summary.call(warm.pk)
    warm_seconds = time.perf_counter() - started
    warm_peak = peak_mb()
    # Second run, for its SQL only (capturing holds every statement in memory).
    again = ask(org, user, kind, start, end)
    with CaptureQueriesContext(connection) as captured:
        write_summary.call(again.pk)
    statements = reads(captured)
    raw = replay(statements)
    verdict = ""
    if kind == "summary":
        ok = seconds <= TARGET_SECONDS and warm_peak <= TARGET_MB
        verdict = f"  target ≤ {TARGET_SECONDS} s, ≤ {TARGET_MB} MB: {'PASS' if ok else 'FAIL'}"
    print(
        f"{label}: first {seconds:.1f} s, again {warm_seconds:.1f} s; peak RSS "
        f"{after:.0f} MB after the first, {warm_peak:.0f} MB after both (before {before:.0f} MB); "
        f"file {summary.size / 1024:.0f} KiB; its {len(statements)} SELECTs raw {raw:.1f} s"
        f"{verdict}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prefix", default="city")
    parser.add_argument("--days", type=int, default=365, help="the period: this many days to today")
    parser.add_argument(
        "--pack-days", type=int, default=730, help="the ledger pack's period (at most two years)"
    )
    parser.add_argument(
        "--only", choices=["summary", "ledgers"], help="one document (its own peak memory)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db.models import Count
    from django.utils import timezone

    from safecampus.core.models import Org, OrgKind, User

    city = Org.objects.get(code=args.prefix)
    schools = Org.objects.filter(path__startswith=city.path, kind=OrgKind.SCHOOL)
    end = timezone.localdate()
    start = end - timedelta(days=args.days)
    print(
        f"city {city.code}: {schools.count()} schools; period {start} – {end}; "
        f"load {'/'.join(f'{x:.1f}' for x in os.getloadavg())}; "
        f"peak RSS after start-up {peak_mb():.0f} MB",
        flush=True,
    )
    if args.only in (None, "summary"):
        bureau_admin = User.objects.get(username=f"{args.prefix}.bureau")
        measure("district summary (city bureau)", city, bureau_admin, "summary", start, end)
    if args.only in (None, "ledgers"):
        hot = schools.annotate(n=Count("hazards")).order_by("-n").first()
        officer = User.objects.get(username=f"{hot.code}.officer")
        pack_start = end - timedelta(days=args.pack_days)
        label = f"ledger pack ({hot.code}, {hot.n} hazards in all, {pack_start} – {end})"
        measure(label, hot, officer, "ledgers", pack_start, end)
    print(f"load {'/'.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
