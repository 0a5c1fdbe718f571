"""Where a page spends its time: one page through the test client in process, under cProfile.

    DATABASE_URL=postgres://…/city .venv/bin/python bench/page_profile.py detail|ledger|PATH

On a database grown by `grow_city`, logged in as the hot spot's officer (or the city's bureau
with `--as bureau`), through the product's middleware without HTTP. Prints the queries of one
request with their times, the time and CPU a request without the profiler, then the functions
that took most time under it.
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
    parser.add_argument("page", help="detail, ledger, or a path")
    parser.add_argument("--prefix", default="city")
    parser.add_argument("--as", dest="role", choices=("officer", "bureau"), default="officer")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="tottime", help="pstats sort key")
    parser.add_argument("--dump", metavar="FILE", help="also write the profile to FILE (pstats)")
    args = parser.parse_args()
    from bench.city import setup_in_process

    setup_in_process()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.city import HTTPS, session_for
    from safecampus.core.models import Org, User
    from safecampus.hazards.models import Hazard

    bureau = Org.objects.get(code=args.prefix)
    hot = Org.objects.under(bureau).schools().order_by("pk").first()
    user = User.objects.get(
        username=f"{args.prefix}.bureau" if args.role == "bureau" else f"{hot.code}.officer"
    )
    path = {
        "detail": lambda: "/schools/{}/hazards/{}/".format(
            hot.pk, Hazard.objects.filter(school=hot).order_by("-pk").first().pk
        ),
        "ledger": lambda: f"/schools/{hot.pk}/hazards/?status=closed&page=50",
    }.get(args.page, lambda: args.page)()
    client = Client(headers=HTTPS)
    client.cookies["sessionid"] = session_for(user)

    def get():
        response = client.get(path, secure=True)
        assert response.status_code == 200, (path, response.status_code)

    get()
    with CaptureQueriesContext(connection) as captured:
        get()
    print(f"{path}: {len(captured)} queries")
    for query in captured.captured_queries:
        print(f"  {query['time']}s  {query['sql'][:150]}")
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        get()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{elapsed / args.requests * 1000:.1f} ms a request, of which "
          f"{cpu / args.requests * 1000:.1f} ms of this process's CPU "
          f"(load average {os.getloadavg()[0]:.1f})")  # fmt: skip
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        get()
    profiler.disable()
    if args.dump:
        profiler.dump_stats(args.dump)
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
