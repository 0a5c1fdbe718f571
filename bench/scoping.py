"""Scoped reads: the bureau's zone list and a school's staff list, ORM vs raw SQL.

Builds a district with N schools (zones and memberships each) in a fresh database, then times
`visible_to(user, Zone)` for a bureau user and `queries.members` for a school officer against
hand-written SQL returning the same rows. Prints medians and the ORM/SQL ratio.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_django():
    if not os.environ.get("DATABASE_URL"):
        os.environ["SAFECAMPUS_VAR_DIR"] = tempfile.mkdtemp(prefix="sc-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecampus.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(schools, zones_per_school, people_per_school):
    from safecampus.core.models import Membership, Org, OrgKind, User, Zone
    from safecampus.core.services.orgs import create_org

    city = create_org(actor=None, parent=None, kind=OrgKind.CITY, name="B", code="b-city")
    district = create_org(actor=None, parent=city, kind=OrgKind.DISTRICT, name="B", code="b-d")
    bureau = User.objects.create(username="b.admin", display_name="b")
    Membership.objects.create(user=bureau, org=district, role="bureau_admin")
    officer = None
    for s in range(schools):
        school = create_org(
            actor=None,
            parent=district,
            kind=OrgKind.SCHOOL,
            name=f"S{s}",
            code=f"b-s{s}",
            school_kind="primary",
        )
        Zone.objects.bulk_create(
            [Zone(school=school, name=f"Z{z}", kind="room") for z in range(zones_per_school)]
        )
        users = User.objects.bulk_create(
            [User(username=f"u{s}-{p}", display_name=f"P{p}") for p in range(people_per_school)]
        )
        Membership.objects.bulk_create(
            [Membership(user=u, org=school, role="teacher") for u in users]
        )
        if officer is None:
            officer = users[0]
            Membership.objects.create(user=officer, org=school, role="safety_officer")
    Org.objects.update()
    return bureau, officer, Org.objects.get(code="b-s0")


def median_ms(fn, repeat):
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--zones", type=int, default=25)
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from safecampus.core import queries
    from safecampus.core.access import visible_to
    from safecampus.core.models import User, Zone

    bureau, officer, school = build(args.schools, args.zones, args.people)
    bureau = User.objects.get(pk=bureau.pk)
    officer = User.objects.get(pk=officer.pk)
    district_path = school.parent.path

    def orm_zones():
        return list(visible_to(bureau, Zone).order_by("school_id", "name")[:50])

    def sql_zones():
        with connection.cursor() as cur:
            cur.execute(
                "SELECT z.* FROM core_zone z JOIN core_org o ON o.id = z.school_id "
                "WHERE o.path LIKE %s ORDER BY z.school_id, z.name LIMIT 50",
                [district_path + "%"],
            )
            return cur.fetchall()

    def orm_members():
        return list(queries.members(user=officer, school=school)[:25])

    def sql_members():
        with connection.cursor() as cur:
            cur.execute(
                "SELECT u.* FROM core_user u WHERE u.id IN "
                "(SELECT m.user_id FROM core_membership m "
                "WHERE m.org_id = %s AND m.ended_at IS NULL) "
                "ORDER BY u.display_name, u.username LIMIT 25",
                [school.pk],
            )
            return cur.fetchall()

    print(
        f"database: {connection.vendor}; schools={args.schools} zones/school={args.zones} "
        f"people/school={args.people}"
    )
    for name, orm, sql in [
        ("bureau zone list (page of 50)", orm_zones, sql_zones),
        ("school staff list (page of 25)", orm_members, sql_members),
    ]:
        # A fresh user object each time: the membership cache is per request in the product.
        def fresh(fn=orm):
            bureau.__dict__.pop("_sc_memberships", None)
            officer.__dict__.pop("_sc_memberships", None)
            return fn()

        o, s = median_ms(fresh, args.repeat), median_ms(sql, args.repeat)
        print(f"{name:34} ORM {o:7.2f} ms   raw SQL {s:7.2f} ms   ratio {o / s:5.1f}")


if __name__ == "__main__":
    main()
