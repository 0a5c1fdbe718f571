"""Every row of issue 11's table on a grown city, through the real request path, in one run.

    DATABASE_URL=postgres://…/city .venv/bin/python bench/city.py [--prefix city] [--requests 40]

Needs a database grown by `manage.py grow_city` and `redis-server` on PATH. Starts uvicorn with
debug off (one worker for the pages; two processes and Redis for the alarm row), logs in by
session cookie (or an API token where a phone would use one) and times each page over HTTP.
Beside each page, the SQL the page ran (captured once in process with CaptureQueriesContext) is
replayed raw on the same database. Prints p50/p95, the targets, a verdict per row and the load
average. The scan and alarm rows write rows (scans on today's rounds, alarms at the hot spot).
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.city_settings",
    "SAFECAMPUS_DEBUG": "0",
    "SAFECAMPUS_SECRET_KEY": "bench-" + secrets.token_urlsafe(48),
    "SAFECAMPUS_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SAFECAMPUS_LOG_LEVEL": "WARNING",
}
HTTPS = {"X-Forwarded-Proto": "https"}  # as behind the TLS proxy of docs/deploy.md


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process for port {port} exited: {process.stderr.read()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(port)


class Processes:
    def __init__(self):
        self.all = []

    def start(self, args, port, env=None):
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.all.append(process)
        if port is not None:
            wait_for(port, process)
        return process

    def uvicorn(self, env, workers=1, nice=0):
        port = free_port()
        args = [PYTHON, "-m", "uvicorn", "safecampus.asgi:application", "--host", "127.0.0.1",
                "--port", str(port), "--log-level", "warning", "--no-access-log",
                "--workers", str(workers)]  # fmt: skip
        if nice:
            args = ["nice", "-n", str(nice), *args]
        return port, self.start(args, port, env)

    def stop(self):
        for process in reversed(self.all):
            process.terminate()
        for process in reversed(self.all):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.all = []


def http(port, path, *, cookie=None, token=None, body=None):
    headers = dict(HTTPS)
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers)
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        content = response.read()
        if not 200 <= response.status < 300 or "/login" in response.url:
            raise RuntimeError(f"{path}: {response.status} {response.url}")
    return (time.perf_counter() - start) * 1000, content


# In-process helpers (the bench process has Django set up against the same database).


def setup_in_process():
    """Django set up in this process with the settings the bench's servers run (debug off), for
    the scripts that profile in process (page_profile.py, scan_profile.py)."""
    for name, value in ENV.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


def session_for(user):
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    store["_auth_user_hash"] = user.get_session_auth_hash()
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # A bureau account must have confirmed its second factor: the session names a confirmed
    # device, as after /login/verify/, so every request still pays the middleware's check.
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


def page_sql(session_key, path):
    """The SELECTs the page runs, captured once through the test client in the same session as
    the HTTP requests, to replay raw."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=HTTPS)
    client.cookies["sessionid"] = session_key
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True)
        b"".join(response) if response.streaming else response.content
    assert response.status_code == 200, (path, response.status_code)
    # A UNION of two SELECTs starts with a parenthesis.
    reads = [q["sql"] for q in captured.captured_queries]
    return [sql for sql in reads if sql.lstrip().lstrip("(").startswith(("SELECT", "WITH"))]


def replay(statements, n):
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(n):
            start = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return times


def bench_token(user, name):
    """Forget the tokens earlier runs made for `user`: a person may hold only a few."""
    from safecampus.core.models import ApiToken

    ApiToken.objects.filter(user=user, name=name).delete()


def cockpit_snapshot(live):
    """Take the cockpit's snapshot as its periodic task does (the pages then read it), timed;
    or, `live`, drop it so that the pages count every figure over the schools."""
    from safecampus.assessment import cockpit
    from safecampus.assessment.models import CockpitFigures

    if live:
        CockpitFigures.objects.all().delete()
        return "cockpit snapshot dropped: the cockpit and the profile count live"
    start = time.perf_counter()
    written = cockpit.take_snapshot()
    return (f"cockpit snapshot taken: {written} rows in {time.perf_counter() - start:.1f} s "
            f"(load {load()})")  # fmt: skip


def load():
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def loop_ms():
    """The CPU time of a fixed pure-Python loop, in ms: how fast the machine runs Python right
    now. On a shared machine it varies by a third within an hour, the load average unchanged,
    and the pages' figures with it."""
    start = time.process_time()
    total = 0
    for i in range(5_000_000):
        total += i
    return round((time.process_time() - start) * 1000)


def cpu_seconds(server_pids):
    """CPU seconds used so far by the app's processes (`server_pids` and their children), by
    PostgreSQL's and by this one, read from /proc (Linux): where a row's CPU went."""
    tick = os.sysconf("SC_CLK_TCK")
    parents, names, used = {}, {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                line = stat.read()
        except OSError:
            continue
        name, rest = line[line.index("(") + 1 : line.rindex(")")], line[line.rindex(")") + 2 :]
        fields = rest.split()
        pid = int(entry)
        parents[pid], names[pid] = int(fields[1]), name
        used[pid] = (int(fields[11]) + int(fields[12])) / tick

    def under(pid):
        while pid > 1:
            if pid in server_pids:
                return True
            pid = parents.get(pid, 0)
        return False

    totals = {"app": 0.0, "PostgreSQL": 0.0, "bench": 0.0}
    for pid, seconds in used.items():
        if under(pid):
            totals["app"] += seconds
        elif names[pid].startswith("postgres"):
            totals["PostgreSQL"] += seconds
        elif pid == os.getpid():
            totals["bench"] += seconds
    return totals


def page_rows(port, who, data, n, only=None):
    rows = []
    ledger = f"/schools/{data['hot']}/hazards/"
    bureau, district, hot = data["bureau"], data["district"], data["hot"]
    pages = [
        ("bureau hazard overview", f"/orgs/{data['bureau']}/hazards/", "bureau", ("p95", 150)),
        ("city-wide hazard API, page 50", "/api/v1/hazards?status=closed&page=50", "bureau",
         ("p95", 150)),
        ("bureau home", "/", "bureau", ("p95", 150)),
        ("org tree", "/orgs/", "bureau", ("p95", 150)),
        ("school ledger, filter + page 50", f"{ledger}?status=closed&page=50", "officer",
         ("raw", 0)),
        ("hazard detail (hot spot)", f"/schools/{data['hot']}/hazards/{data['hazard']}/", "officer",
         ("raw", 0)),
        ("risk points, all (bureau)", f"/orgs/{data['bureau']}/risks/", "bureau", ("p95", 100)),
        # Issue 14: the cockpit (1,000 schools, a district of 100, one school against its
        # district), a school's profile against all the city's schools, the supervision hub.
        ("cockpit, city bureau", f"/orgs/{bureau}/cockpit/", "bureau", ("p95", 150)),
        ("cockpit, district bureau", f"/orgs/{district}/cockpit/", "bureau", ("p95", 150)),
        ("cockpit, one school (hot spot)", f"/orgs/{hot}/cockpit/", "officer", ("p95", 150)),
        ("school profile (city bureau)", f"/orgs/{bureau}/schools/{hot}/profile/", "bureau",
         ("p95", 150)),
        ("supervision hub, city bureau", f"/orgs/{bureau}/supervision/", "bureau", ("p95", 150)),
    ]  # fmt: skip
    for name, path, role, (kind, target) in pages:
        if only and not any(word in name for word in only):
            continue
        http(port, path, cookie=who[role][1])  # warm the process's caches once
        times = [http(port, path, cookie=who[role][1])[0] for _ in range(n)]
        statements = page_sql(who[role][1], path)
        raw = replay(statements, n)
        p95 = pct(times, 95)
        if kind == "raw":
            limit = 2 * pct(raw, 95) + 10
            label = f"p95 ≤ 2×raw+10 = {limit:.0f} ms"
        else:
            limit, label = target, f"p95 ≤ {target} ms"
        rows.append((name, label, f"p50 {pct(times, 50):.0f}, p95 {p95:.0f} ms",
                     f"{len(statements)} q, p50 {pct(raw, 50):.0f}, p95 {pct(raw, 95):.0f} ms",
                     p95 <= limit))  # fmt: skip
    return rows


def _memory(process, field):
    """A line of the process's status in MB: VmRSS now, VmHWM its high-water mark."""
    status = Path(f"/proc/{process.pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith(field))
    return int(line.split()[1]) / 1024


def export_row(port, process, who, data):
    # The worker as it is after serving pages (URLs, templates and the API loaded), so that the
    # difference is the export's own.
    http(port, f"/schools/{data['hot']}/hazards/", cookie=who["officer"][1])
    before = _memory(process, "VmHWM")
    elapsed, content = http(port, f"/schools/{data['hot']}/hazards/export.xlsx",
                            cookie=who["officer"][1])  # fmt: skip
    mb = _memory(process, "VmHWM")
    return ("xlsx export, hot spot", "≤ 15 s, RSS ≤ 150 MB",
            f"{elapsed / 1000:.1f} s, peak RSS {mb:.0f} MB (worker {before:.0f} MB before), "
            f"{len(content) / 1e6:.1f} MB file", "", elapsed <= 15000 and mb <= 150)  # fmt: skip


def scan_batches(schools, token_name, days=1):
    """For each school: its guard's new API token and one batch of all the scans of the school's
    rounds of `days` days from today, those rounds moved into a window open now (made first if
    the days have none yet: the city was grown on an earlier day) and emptied of the scans an
    earlier run posted, so that every run judges its scans against the same rounds. More than
    one day gives the larger batch of a phone that queued several rounds (about 12 scans a day
    a school)."""
    from django.utils import timezone

    from safecampus.core.models import Org, User
    from safecampus.core.services.tokens import create_token
    from safecampus.patrols.models import Checkpoint, Round, RoundStatus, Scan
    from safecampus.patrols.rounds import ensure_rounds

    now = timezone.now()
    today = timezone.localdate()
    batches = []
    for school_id, code in schools:
        guard = User.objects.get(username=f"{code}.guard1")
        bench_token(guard, token_name)
        _row, key = create_token(user=guard, name=token_name)
        last = today + timezone.timedelta(days=days - 1)
        ensure_rounds(Org.objects.get(pk=school_id), today, last)
        rounds = list(Round.objects.filter(school_id=school_id, date__range=(today, last)))
        Scan.objects.filter(round__in=rounds).delete()
        Round.objects.filter(pk__in=[r.pk for r in rounds]).update(
            starts_at=now - timezone.timedelta(minutes=5),
            ends_at=now + timezone.timedelta(hours=1),
            closes_at=now + timezone.timedelta(hours=3),
            status=RoundStatus.SCHEDULED, guard=guard, started_at=None, closed_at=None,
        )  # fmt: skip
        codes = dict(Checkpoint.objects.filter(school_id=school_id).values_list("pk", "code"))
        scans = [{"client_uuid": str(uuid.uuid4()), "round_id": r.pk, "code": codes[c]}
                 for r in rounds for c in r.planned]  # fmt: skip
        batches.append((key, scans))
    return batches


def scan_row(port, data, days=1, clients=1, warm=40, server_pids=()):
    """Each school's guard posts their batch; `clients` phones post at once (threads). The first
    `warm` batches are posted untimed: a worker running for hours has its pool's connections
    open and its code warm, which a fresh worker has only after a few batches."""
    batches = scan_batches(data["scan_schools"], "bench", days)
    warm = min(warm, len(batches) // 4)
    warm_up, batches = batches[:warm], batches[warm:]
    counts = []

    def post_all(share, counted=True):
        for key, scans in share:
            _ms, content = http(port, "/api/v1/patrol-scans", token=key, body={"scans": scans})
            results = json.loads(content)["results"]
            if counted:
                counts.append((sum(r["ok"] for r in results), len(results)))

    def run(work, counted):
        threads = [threading.Thread(target=post_all, args=(work[i::clients], counted))
                   for i in range(clients)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    run(warm_up, counted=False)
    before, start = cpu_seconds(set(server_pids)), time.perf_counter()
    run(batches, counted=True)
    rate = sum(ok for ok, _n in counts) / (time.perf_counter() - start)
    after = cpu_seconds(set(server_pids))
    split = ", ".join(
        f"{who} {(after[who] - before[who]) / max(1, len(batches)) * 1000:.1f}" for who in after
    )
    ok, total = sum(ok for ok, _n in counts), sum(n for _ok, n in counts)
    shape = (f"{len(batches)} batches of ~{total // max(1, len(batches))}, {clients} at a time, "
             f"after {len(warm_up)} untimed; CPU ms a batch: {split}")  # fmt: skip
    return ("patrol scans, batch API", "≥ 1,500 scans/s",
            f"{rate:.0f} scans/s ({ok}/{total} accepted, {shape})", "",
            rate >= 1500)  # fmt: skip


def read_ledgers(pages, data, readers, stop):
    """`readers` threads reading the hot spot's ledger from the page lane until `stop` is set."""

    def reader(port):
        while not stop.is_set():
            http(port, f"/schools/{data['hot']}/hazards/?page=2", cookie=data["reader_cookie"])

    threads = [threading.Thread(target=reader, args=(pages[i % 2],)) for i in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


async def alarm_latencies(ports, pages, data, count, readers):
    from websockets.asyncio.client import connect

    a, b = ports
    arrived, sent = {}, {}
    # The readers run in a process of their own: as threads of this one they would hold the
    # interpreter lock the listener needs to stamp an arrival, and delay the stamp, not the alarm.
    stop = multiprocessing.get_context("fork").Event()
    load = multiprocessing.get_context("fork").Process(
        target=read_ledgers, args=(pages, data, readers, stop), daemon=True
    )
    async with connect(f"ws://127.0.0.1:{b}/ws/alarms/", open_timeout=30,
                       additional_headers={"Cookie": f"sessionid={data['listener_cookie']}",
                                           "Origin": f"https://127.0.0.1:{b}",
                                           **HTTPS}) as socket_:  # fmt: skip
        # On connecting, the socket is also sent the active alarms raised before (the banner
        # of a page opened during an alarm): the listener waits for the bench's own.
        done = asyncio.Event()

        async def listen():
            while not (done.is_set() and len(sent) == count and sent.keys() <= arrived.keys()):
                try:
                    message = json.loads(await asyncio.wait_for(socket_.recv(), timeout=1))
                except TimeoutError:
                    continue
                if message.get("event") == "raised":
                    arrived.setdefault(message.get("id"), time.perf_counter())

        listener = asyncio.create_task(listen())
        if readers:
            load.start()

        def raise_all():
            for _ in range(count):
                start = time.perf_counter()
                _ms, content = http(a, f"/api/v1/schools/{data['hot']}/alarms",
                                    token=data["guard_key"],
                                    body={"kind": "intrusion", "place": "校门口"})  # fmt: skip
                sent[json.loads(content)["id"]] = start
                time.sleep(0.05)

        await asyncio.to_thread(raise_all)
        done.set()
        await asyncio.wait_for(listener, timeout=60)
        stop.set()
        if readers:
            load.join(timeout=30)
    return [(arrived[i] - sent[i]) * 1000 for i in sent if i in arrived]


def alarm_row(processes, env, data, count, readers, lane):
    from safecampus.core.models import User
    from safecampus.core.services.tokens import create_token

    folder = tempfile.mkdtemp(prefix="bench-redis-")
    redis_port = free_port()
    processes.start([shutil.which("redis-server"), "--port", str(redis_port), "--bind",
                     "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder],
                    redis_port)  # fmt: skip
    env = {**env, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
    # The alarm lane of docs/deploy.md: A takes the alarm's request, B holds the pages' sockets,
    # both at the CPU priority the deploy gives them; the ledger's readers load the page lane.
    ports = [processes.uvicorn(env, nice=-5 if lane == "priority" else 0)[0] for _ in range(2)]
    pages = ports if lane == "shared" else [processes.uvicorn(env)[0] for _ in range(2)]
    # The task worker sends what the alarm's request leaves for after its answer (inbox,
    # e-mail, robots): it runs here too, so that work loads the machine as in production.
    processes.start([PYTHON, "manage.py", "db_worker", "--queue-name", "default"], None, env)
    guard = User.objects.get(username=f"{data['hot_code']}.guard1")
    bench_token(guard, "bench alarms")
    data["guard_key"] = create_token(user=guard, name="bench alarms")[1]
    latencies = asyncio.run(alarm_latencies(ports, pages, data, count, readers))
    shutil.rmtree(folder, ignore_errors=True)
    return ("alarm → WebSocket on another process", "p99 ≤ 200 ms",
            f"p50 {pct(latencies, 50):.0f}, p99 {pct(latencies, 99):.0f} ms "
            f"({len(latencies)} alarms, {readers} ledger readers, lane: {lane})", "",
            pct(latencies, 99) <= 200)  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default="city", help="the --prefix the city was grown with")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--scan-schools", type=int, default=300, help="guards posting a batch (40 untimed first)"
    )  # fmt: skip
    parser.add_argument(
        "--scan-days", type=int, default=1, choices=range(1, 9),
        help="days of rounds in each guard's batch (about 12 scans a day; the API takes 100)",
    )  # fmt: skip
    # A rate of a city's phones: several post at once, to the several workers of docs/deploy.md
    # (one per core here). One phone to one worker would time one request after another.
    parser.add_argument("--scan-clients", type=int, default=4, help="phones posting at once")
    parser.add_argument(
        "--scan-workers", type=int, default=2, help="uvicorn workers for the scan row"
    )  # fmt: skip
    parser.add_argument("--alarms", type=int, default=100)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument(
        "--alarm-lane", choices=("priority", "plain", "shared"), default="priority",
        help="the alarm row's processes: their own lane at nice -5 as in docs/deploy.md "
        "(priority), their own lane at the pages' priority (plain), or serving the readers too "
        "(shared)",
    )  # fmt: skip
    parser.add_argument(
        "--cockpit-live", action="store_true",
        help="drop today's cockpit snapshot first: the cockpit and profiles count live",
    )  # fmt: skip
    parser.add_argument(
        "--only", nargs="+", metavar="WORD",
        help="only the rows whose name holds one of these words (cockpit, scans, alarm, ...)",
    )  # fmt: skip
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database grown by grow_city.")
    os.environ.update(ENV)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)
    import django

    django.setup()
    from safecampus.core.models import Org, OrgKind, User
    from safecampus.hazards.models import Hazard

    bureau = Org.objects.get(code=args.prefix)
    schools = list(Org.objects.under(bureau).schools().order_by("pk").values_list("pk", "code"))
    hot, hot_code = schools[0]
    bureau_user = User.objects.get(username=f"{args.prefix}.bureau")
    officer = User.objects.get(username=f"{hot_code}.officer")
    who = {"bureau": (bureau_user, session_for(bureau_user)),
           "officer": (officer, session_for(officer))}  # fmt: skip
    district = Org.objects.under(bureau).filter(kind=OrgKind.DISTRICT).order_by("pk").first()
    data = {
        "bureau": bureau.pk, "hot": hot, "hot_code": hot_code, "district": district.pk,
        "hazard": Hazard.objects.filter(school_id=hot).order_by("-pk").first().pk,
        "scan_schools": schools[1 : 1 + args.scan_schools] or schools[:1],
        "reader_cookie": who["officer"][1],
        "listener_cookie": session_for(User.objects.get(username=f"{hot_code}.officer2")),
    }  # fmt: skip
    hazards = Hazard.objects.filter(school__in=[s for s, _c in schools]).count()
    print(f"city “{args.prefix}”: {len(schools)} schools, {hazards} hazards; "
          f"load average at start {load()}; a fixed Python loop {loop_ms()} ms")  # fmt: skip
    processes = Processes()
    rows = []
    try:
        only = args.only

        def wanted(name):
            return not only or any(word in name for word in only)

        if any(wanted(word) for word in ("cockpit", "profile")):
            print(cockpit_snapshot(args.cockpit_live))
        port, process = processes.uvicorn(env)
        rows += page_rows(port, who, data, args.requests, only)
        if wanted("xlsx export"):
            rows.append(export_row(port, process, who, data))
        if wanted("patrol scans"):
            scan_port, scan_process = port, process
            if args.scan_workers > 1:
                scan_port, scan_process = processes.uvicorn(env, args.scan_workers)
            rows.append(scan_row(scan_port, data, args.scan_days, args.scan_clients,
                                 server_pids={scan_process.pid}))  # fmt: skip
        processes.stop()
        if wanted("alarm"):
            try:
                rows.append(
                    alarm_row(processes, env, data, args.alarms, args.readers, args.alarm_lane)
                )
            except Exception as error:  # the table still prints, with the reason
                failed = f"did not run: {type(error).__name__}: {error}"
                rows.append(("alarm → WebSocket on another process", "p99 ≤ 200 ms", failed, "",
                             False))  # fmt: skip
    finally:
        processes.stop()
    print(f"load average at end {load()}; a fixed Python loop {loop_ms()} ms; "
          f"{args.requests} requests a page\n")  # fmt: skip
    print("| measure | target | product (HTTP) | its SQL raw | verdict |")
    print("|---|---|---|---|---|")
    for name, target, measured, raw, passed in rows:
        print(f"| {name} | {target} | {measured} | {raw} | {'pass' if passed else 'FAIL'} |")


if __name__ == "__main__":
    main()
