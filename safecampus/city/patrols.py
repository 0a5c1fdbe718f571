"""Checkpoints, one route of key areas with a morning and a night window, its rounds and scans."""

from datetime import time, timedelta

from safecampus.city.context import new_uuid
from safecampus.core.roles import Role
from safecampus.patrols.models import (
    Checkpoint,
    Round,
    RoundStatus,
    Route,
    RouteStop,
    RouteWindow,
    Scan,
    ScanMethod,
    WindowKind,
)

WINDOWS = [
    (WindowKind.ARRIVAL, time(7, 0), time(7, 45)),
    (WindowKind.NIGHT, time(21, 0), time(21, 40)),
]
STOPS = 6
CHUNK = 50000


def grow(city):
    rng = city.rng("patrols")
    w = city.writer
    n_schools = len(city.schools)
    checkpoint_id = w.ids(Checkpoint, STOPS * n_schools)
    route_id = w.ids(Route, n_schools)
    stop_id = w.ids(RouteStop, STOPS * n_schools)
    window_id = w.ids(RouteWindow, len(WINDOWS) * n_schools)
    checkpoints, routes, stops, windows, rounds, scans = [], [], [], [], [], []
    created = city.at(city.days + 30)
    for school in city.schools:
        guards = school.roles[Role.GUARD]
        planned = []
        for n in range(STOPS):
            zone_id, zone_name, _kind = school.zones[n]
            checkpoints.append(
                [
                    checkpoint_id,
                    school.id,
                    zone_id,
                    zone_name,
                    f"P{n + 1:02d}",
                    city.code(checkpoint_id, 16, salt=2),
                    True,
                    created,
                ]
            )
            stops.append([stop_id, route_id, checkpoint_id, n + 1])
            planned.append(checkpoint_id)
            checkpoint_id += 1
            stop_id += 1
        routes.append([route_id, school.id, "重点部位巡查", guards[0], True, True, True, created])
        for kind, start, end in WINDOWS:
            windows.append([window_id, route_id, kind, start, end, 10, True])
            for back in range(city.days, -1, -1):
                day = city.today - timedelta(days=back)
                starts_at = city.at(back, start.hour * 3600 + start.minute * 60)
                ends_at = city.at(back, end.hour * 3600 + end.minute * 60)
                closes = ends_at + timedelta(minutes=120)
                guard = rng.choice(guards)
                if back == 0:
                    rounds.append(
                        [
                            school.id,
                            route_id,
                            window_id,
                            day,
                            starts_at,
                            ends_at,
                            closes,
                            10,
                            planned,
                            RoundStatus.SCHEDULED,
                            guard,
                            None,
                            None,
                            0,
                            0,
                            0,
                            0,
                        ]
                    )
                    continue
                x = rng.random()
                visited = STOPS if x < 0.85 else (rng.randint(1, STOPS - 1) if x < 0.95 else 0)
                status = (
                    RoundStatus.DONE
                    if visited == STOPS
                    else RoundStatus.INCOMPLETE
                    if visited
                    else RoundStatus.MISSED
                )
                t = starts_at + timedelta(minutes=rng.uniform(0, 15))
                first, late, problems, round_scans = t, 0, 0, []
                for checkpoint in planned[:visited]:
                    t = t + timedelta(minutes=rng.uniform(2, 8))
                    problem = rng.random() < 0.03
                    late += t > ends_at + timedelta(minutes=10)
                    problems += problem
                    round_scans.append(
                        [
                            checkpoint,
                            new_uuid(rng),
                            guard,
                            ScanMethod.QR,
                            t,
                            t + timedelta(seconds=rng.uniform(0.2, 5)),
                            t,
                            "发现异常" if problem else "",
                            None,
                            problem,
                            None,
                        ]
                    )
                rounds.append(
                    [
                        school.id,
                        route_id,
                        window_id,
                        day,
                        starts_at,
                        ends_at,
                        closes,
                        10,
                        planned,
                        status,
                        guard if visited else None,
                        first if visited else None,
                        t if visited else ends_at,
                        visited,
                        late,
                        0,
                        problems,
                    ]
                )
                scans.append(round_scans)
                rounds[-1].append(len(scans) - 1)
            window_id += 1
        route_id += 1
    w.write(
        Checkpoint,
        ["id", "school_id", "zone_id", "name", "code", "token", "active", "created_at"],
        checkpoints,
    )
    w.write(
        Route,
        ["id", "school_id", "name", "guard_id", "every_day", "key_areas", "active", "created_at"],
        routes,
    )
    w.write(RouteStop, ["id", "route_id", "checkpoint_id", "position"], stops)
    w.write(
        RouteWindow,
        ["id", "route_id", "kind", "start", "end", "tolerance_minutes", "active"],
        windows,
    )
    first_round = w.ids(Round, len(rounds))
    round_rows, scan_rows = [], []
    for i, row in enumerate(rounds):
        pk = first_round + i
        if len(row) == 18:
            for scan in scans[row.pop()]:
                scan_rows.append([pk, *scan])
        round_rows.append([pk, *row])
    w.write(
        Round,
        [
            "id",
            "school_id",
            "route_id",
            "window_id",
            "date",
            "starts_at",
            "ends_at",
            "closes_at",
            "tolerance_minutes",
            "planned",
            "status",
            "guard_id",
            "started_at",
            "closed_at",
            "visited_count",
            "late_count",
            "out_of_order_count",
            "problem_count",
        ],
        round_rows,
    )
    first_scan = w.ids(Scan, len(scan_rows))
    for start in range(0, len(scan_rows), CHUNK):
        w.write(
            Scan,
            [
                "id",
                "round_id",
                "checkpoint_id",
                "client_uuid",
                "by_id",
                "method",
                "scanned_at",
                "received_at",
                "recorded_at",
                "note",
                "photo_id",
                "problem",
                "hazard_id",
            ],
            [
                [first_scan + start + i, *row]
                for i, row in enumerate(scan_rows[start : start + CHUNK])
            ],
        )
