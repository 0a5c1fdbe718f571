"""Where a batch of patrol scans spends its time: the batch API in process, under cProfile.

    DATABASE_URL=postgres://…/city .venv/bin/python bench/scan_profile.py [--schools 30]

On a database grown by `grow_city`: today's rounds of the schools after the hot spot are moved
into a window open now (as `bench/city.py`'s scan row does), then each school's guard posts
all their scans in one batch through the test client (the product's middleware, auth by API
token, no HTTP). Prints scans/s, queries a batch and the functions that took most time.
Writes scans, like the bench.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def batches(schools):
    from django.utils import timezone

    from safecampus.core.models import ApiToken, User
    from safecampus.core.services.tokens import create_token
    from safecampus.patrols.models import Checkpoint, Round, RoundStatus

    now, today = timezone.now(), timezone.localdate()
    found = []
    for school_id, code in schools:
        guard = User.objects.get(username=f"{code}.guard1")
        ApiToken.objects.filter(user=guard, name="profile").delete()
        _row, key = create_token(user=guard, name="profile")
        rounds = list(Round.objects.filter(school_id=school_id, date=today))
        Round.objects.filter(pk__in=[r.pk for r in rounds]).update(
            starts_at=now - timezone.timedelta(minutes=5),
            ends_at=now + timezone.timedelta(hours=1),
            closes_at=now + timezone.timedelta(hours=3),
            status=RoundStatus.SCHEDULED, guard=guard, started_at=None, closed_at=None,
        )  # fmt: skip
        codes = dict(Checkpoint.objects.filter(school_id=school_id).values_list("pk", "code"))
        scans = [{"client_uuid": str(uuid.uuid4()), "round_id": r.pk, "code": codes[c]}
                 for r in rounds for c in r.planned]  # fmt: skip
        found.append((key, scans))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default="city")
    parser.add_argument("--schools", type=int, default=30)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.city_settings")
    os.environ.setdefault("SAFECAMPUS_DEBUG", "0")
    os.environ.setdefault("SAFECAMPUS_SECRET_KEY", "profile-" + "x" * 50)
    os.environ.setdefault("SAFECAMPUS_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from safecampus.core.models import Org

    bureau = Org.objects.get(code=args.prefix)
    schools = list(Org.objects.under(bureau).schools().order_by("pk").values_list("pk", "code"))
    work = batches(schools[1 : 1 + args.schools])
    client = Client()

    def post(key, scans):
        response = client.post(
            "/api/v1/patrol-scans", {"scans": scans}, content_type="application/json",
            headers={"Authorization": f"Bearer {key}"}, secure=True,
        )  # fmt: skip
        assert response.status_code == 200, response.content[:300]
        return sum(r["ok"] for r in response.json()["results"])

    key, scans = work[0]
    with CaptureQueriesContext(connection) as captured:
        ok = post(key, scans)
    print(f"first batch: {ok}/{len(scans)} accepted, {len(captured)} queries")
    for query in captured.captured_queries:
        print(f"  {query['time']}s  {query['sql'][:160]}")
    profiler = cProfile.Profile()
    total = 0
    started = time.perf_counter()
    profiler.enable()
    for key, scans in work[1:]:
        total += post(key, scans)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"{total} scans in {len(work) - 1} batches: {total / elapsed:.0f} scans/s in process "
          f"(profiled), load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
