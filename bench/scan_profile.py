"""Where a batch of patrol scans spends its time: the batch API in process, under cProfile.

    DATABASE_URL=postgres://…/city .venv/bin/python bench/scan_profile.py [--schools 30]

On a database grown by `grow_city`: today's rounds of the schools after the hot spot are moved
into a window open now (`scan_batches` of `bench/city.py`, as its scan row does), then each
school's guard posts all their scans in one batch through the test client (the product's
middleware, auth by API token, no HTTP). Prints scans/s, queries a batch and the functions
that took most time (`--no-profile`: the time and CPU a batch without the profiler). Writes
scans, like the bench.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default="city")
    parser.add_argument("--schools", type=int, default=30)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--days", type=int, default=1, help="days of rounds in a batch (1-8)")
    parser.add_argument(
        "--no-profile", action="store_true", help="time the batches without cProfile's overhead"
    )
    args = parser.parse_args()
    from bench.city import setup_in_process

    setup_in_process()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from safecampus.core.models import Org

    bureau = Org.objects.get(code=args.prefix)
    schools = list(Org.objects.under(bureau).schools().order_by("pk").values_list("pk", "code"))
    from bench.city import scan_batches

    work = scan_batches(schools[1 : 1 + args.schools], "profile", args.days)
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
    started, cpu = time.perf_counter(), time.process_time()
    if not args.no_profile:
        profiler.enable()
    for key, scans in work[1:]:
        total += post(key, scans)
    profiler.disable()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    how = "not profiled" if args.no_profile else "profiled"
    print(f"{total} scans in {len(work) - 1} batches: {total / elapsed:.0f} scans/s in process "
          f"({how}), {elapsed / (len(work) - 1) * 1000:.1f} ms a batch of which "
          f"{cpu / (len(work) - 1) * 1000:.1f} ms of this process's CPU, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    if args.no_profile:
        return
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
