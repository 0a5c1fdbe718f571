"""The audit trail: written by every action, hash-chained per org, tamper-evident, filterable."""

import html
import json
import threading
import time
from datetime import UTC, datetime
from io import StringIO
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone, translation

from safecampus.core.anchors import write_checkpoint
from safecampus.core.audit_labels import action_label
from safecampus.core.models import AuditEvent, Org, Zone
from safecampus.core.models.audit import GENESIS_HASH
from safecampus.core.services import audit
from safecampus.core.services import zones as zone_services
from safecampus.core.services.audit import verify_chain

pytestmark = pytest.mark.django_db


def verify():
    """Run `manage.py verify_audit`: (passed, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError:
        return False, out.getvalue(), err.getvalue()
    return True, out.getvalue(), err.getvalue()


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def event(org, seq):
    return AuditEvent.objects.get(org=org, seq=seq)


def test_the_demo_trail_is_intact():
    passed, out, err = verify()
    assert passed, err
    assert "Audit trail intact." in out
    assert AuditEvent.objects.count() > 100


def test_creating_a_zone_appends_one_linked_event(login, org, person):
    s01 = org("s01")
    head = s01.audit_seq
    previous = event(s01, head)
    response = login("s01.officer").post(
        f"/schools/{s01.pk}/zones/new/", {"name": "图书馆", "kind": "building", "notes": ""}
    )
    assert response.status_code == 302
    zone = Zone.objects.get(school=s01, name="图书馆")
    new = event(s01, head + 1)
    assert (new.action, new.object_id, new.object_repr) == ("zone.create", str(zone.pk), "图书馆")
    assert new.actor == person("s01.officer")
    assert new.changes["kind"] == "building"
    assert new.prev_hash == previous.hash
    assert new.hash == new.compute_hash()
    s01.refresh_from_db()
    assert s01.audit_seq == head + 1
    assert verify()[0]


def test_every_orgs_chain_starts_at_genesis(org):
    for code in ("demo-district", "s01", "s08"):
        assert event(org(code), 1).prev_hash == GENESIS_HASH


def test_a_refused_action_writes_nothing(login, org):
    s01 = org("s01")
    before = AuditEvent.objects.count()
    response = login("s01.teacher").post(
        f"/schools/{s01.pk}/zones/new/", {"name": "X", "kind": "room"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("object_repr", "改过的名字", "edited"),
        ("action", "zone.delete", "edited"),
        ("actor_name", "别人", "edited"),
        ("changes", '{"kind": "room"}', "edited"),
        ("created_at", "2020-01-01 00:00:00", "edited"),
        ("hash", "f" * 64, "edited"),
        ("prev_hash", "e" * 64, "link to the previous event is broken"),
    ],
)
def test_an_edited_row_is_named_by_org_seq_and_id(column, value, problem, org):
    s01 = org("s01")
    target = event(s01, 5)
    sql(f"UPDATE core_auditevent SET {column} = %s WHERE id = %s", value, target.pk)
    passed, _out, err = verify()
    assert not passed
    assert f"org {s01.pk}, seq 5 (event id {target.pk})" in err
    assert problem in err
    assert err.count("BROKEN") == 1


def test_the_command_exits_with_an_error():
    sql("UPDATE core_auditevent SET object_repr = 'x' WHERE id = %s", AuditEvent.objects.first().pk)
    with pytest.raises(CommandError, match="1 audit chain"):
        call_command("verify_audit", stdout=StringIO(), stderr=StringIO())


def test_a_deleted_middle_row_is_reported_missing(org):
    s01 = org("s01")
    sql("DELETE FROM core_auditevent WHERE id = %s", event(s01, 7).pk)
    passed, _out, err = verify()
    assert not passed
    assert f"org {s01.pk}, seq 7 (no row): missing: the row was deleted" in err


def test_a_deleted_newest_row_is_reported_missing(org):
    s02 = org("s02")
    sql("DELETE FROM core_auditevent WHERE id = %s", event(s02, s02.audit_seq).pk)
    passed, _out, err = verify()
    assert not passed
    assert (
        f"org {s02.pk}, seq {s02.audit_seq} (no row): missing: the newest rows were deleted" in err
    )


def test_each_broken_chain_is_reported(org):
    s01, s05 = org("s01"), org("s05")
    sql("UPDATE core_auditevent SET object_repr = 'x' WHERE id = %s", event(s01, 2).pk)
    sql("DELETE FROM core_auditevent WHERE id = %s", event(s05, 3).pk)
    passed, _out, err = verify()
    assert not passed
    assert f"org {s01.pk}, seq 2" in err and f"org {s05.pk}, seq 3" in err
    assert err.count("BROKEN") == 2


def test_audit_rows_cannot_be_changed_or_removed_through_the_orm(org):
    s01 = org("s01")
    row = event(s01, 3)
    row.object_repr = "改过的"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(org=s01).update(object_repr="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=row.pk).delete()
    with pytest.raises(TypeError), transaction.atomic():  # bulk_update breaks its transaction
        AuditEvent.objects.bulk_update([row], ["object_repr"])
    row.refresh_from_db()
    assert row.object_repr != "改过的"
    assert AuditEvent.objects.filter(pk=row.pk).exists()
    assert verify()[0]


# The audit page -----------------------------------------------------------------------------


def rows(response):
    """The trail's rows on the page, as text."""
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    body = page.split('id="audit-rows"')[1].split("<tbody>")[1].split("</tbody>")[0]
    return [row for row in body.split("<tr>")[1:] if "colspan" not in row]


def label(action):
    with translation.override(settings.LANGUAGE_CODE):
        return str(action_label(action))


@pytest.fixture
def backdated_zone(org, person):
    """A zone created on 1 March 2025, so the trail has an event on another day."""
    moment = datetime(2025, 3, 1, 4, 0, tzinfo=UTC)  # 12:00 in Asia/Shanghai
    with mock.patch.object(timezone, "now", return_value=moment):
        return zone_services.create_zone(
            actor=person("s01.principal"), school=org("s01"), name="旧车棚", kind="other"
        )


def test_the_audit_page_filters_by_person(login, org, person, backdated_zone):
    s01, principal = org("s01"), person("s01.principal")
    found = rows(login("s01.officer").get(f"/orgs/{s01.pk}/audit/?actor={principal.pk}"))
    expected = AuditEvent.objects.filter(org=s01, actor=principal).count()
    assert len(found) == min(expected, 50)  # the letter, the zone, the demo's acceptances
    assert all(str(principal) in row for row in found)
    assert any(label("letter.issue") in row for row in found)
    assert any("旧车棚" in row for row in found)


def test_the_audit_page_filters_by_action(login, org):
    s01 = org("s01")
    found = rows(login("s01.principal").get(f"/orgs/{s01.pk}/audit/?action=letter.sign"))
    assert len(found) == 4  # the demo has four signatures in each school
    assert all(label("letter.sign") in row for row in found)


def test_the_audit_page_filters_by_date(login, org, backdated_zone):
    s01 = org("s01")
    client = login("s01.officer")
    march = rows(client.get(f"/orgs/{s01.pk}/audit/?day_from=2025-03-01&day_to=2025-03-01"))
    assert len(march) == 1 and "旧车棚" in march[0]
    assert "2025-03-01 12:00" in march[0]
    today = timezone.localdate().isoformat()
    recent = rows(client.get(f"/orgs/{s01.pk}/audit/?day_from={today}"))
    assert recent and not any("旧车棚" in row for row in recent)
    before = rows(client.get(f"/orgs/{s01.pk}/audit/?day_to=2025-12-31"))
    assert len(before) == 1 and "旧车棚" in before[0]


def test_the_audit_page_shows_only_its_own_org(login, org):
    s01, s02 = org("s01"), org("s02")
    client = login("bureau.admin")
    [created] = rows(client.get(f"/orgs/{s01.pk}/audit/?action=org.create"))
    assert label("org.create") in created and s01.name in created
    assert not any(s02.name in row for row in rows(client.get(f"/orgs/{s01.pk}/audit/")))


def test_resetting_the_chain_head_does_not_hide_an_edit(org):
    s01 = org("s01")
    sql("UPDATE core_auditevent SET object_repr = 'x' WHERE id = %s", event(s01, 4).pk)
    sql("UPDATE core_org SET audit_seq = 0 WHERE id = %s", s01.pk)
    passed, _out, err = verify()
    assert not passed
    assert f"org {s01.pk}, seq" in err


# Anchors outside the database ----------------------------------------------------------------


def rehash_from(org, seq):
    """An attacker with database access: edit row `seq`, re-hash it and every later one."""
    sql(
        "UPDATE core_auditevent SET object_repr = 'forged' WHERE org_id = %s AND seq = %s",
        org.pk,
        seq,
    )
    prev = event(org, seq - 1).hash
    for row in AuditEvent.objects.filter(org=org, seq__gte=seq).order_by("seq"):
        row.prev_hash = prev
        prev = row.compute_hash()
        sql(
            "UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            row.prev_hash,
            prev,
            row.pk,
        )


def test_a_rehashed_chain_passes_alone_and_fails_against_its_anchor(org):
    s01 = org("s01")
    call_command("verify_audit", "--checkpoint", stdout=StringIO(), stderr=StringIO())
    rehash_from(s01, 4)
    assert verify_chain(s01.pk, s01.audit_seq) == []  # the chain alone cannot tell
    passed, _out, err = verify()
    assert not passed
    assert f"org {s01.pk}, seq {s01.audit_seq}" in err
    assert "differs from its signed anchor: re-hashed" in err


def test_a_cut_tail_with_the_head_lowered_is_reported(org):
    s02 = org("s02")
    call_command("verify_audit", "--checkpoint", stdout=StringIO(), stderr=StringIO())
    head = s02.audit_seq
    sql("DELETE FROM core_auditevent WHERE org_id = %s AND seq > %s", s02.pk, head - 3)
    sql("UPDATE core_org SET audit_seq = %s WHERE id = %s", head - 3, s02.pk)
    assert verify_chain(s02.pk, head - 3) == []  # consistent with itself
    passed, _out, err = verify()
    assert not passed
    assert f"org {s02.pk}, seq {head} (no row): a signed anchor names a row past the end" in err


def test_an_anchor_written_without_the_key_is_reported(org, settings):
    s01 = org("s01")
    call_command("verify_audit", "--checkpoint", stdout=StringIO(), stderr=StringIO())
    forged = {"org": s01.pk, "seq": 1, "hash": "a" * 64, "mac": "b" * 64}
    with open(settings.SAFECAMPUS_AUDIT_ANCHOR_FILE, "a") as handle:
        handle.write(json.dumps(forged) + "\n")
    passed, _out, err = verify()
    assert not passed
    assert "signature is wrong" in err
    assert err.count("BROKEN") == 1


def test_the_checkpoint_anchors_only_chains_that_moved(org, person, settings):
    first = write_checkpoint()
    assert first >= 10  # the bureau and every demo school
    assert write_checkpoint() == 0
    zone_services.create_zone(
        actor=person("s01.officer"), school=org("s01"), name="新仓库", kind="room"
    )
    assert write_checkpoint() == 1
    assert verify()[0]
    lines = settings.SAFECAMPUS_AUDIT_ANCHOR_FILE.read_text().splitlines()
    assert len(lines) == first + 1


def test_every_break_is_reported_not_only_the_first(org):
    s01 = org("s01")
    for seq in (2, 5, 9):
        sql(
            "UPDATE core_auditevent SET object_repr = 'x' WHERE org_id = %s AND seq = %s",
            s01.pk,
            seq,
        )
    passed, _out, err = verify()
    assert not passed
    for seq in (2, 5, 9):
        assert f"org {s01.pk}, seq {seq} " in err
    assert err.count("BROKEN") == 3


def _until_it_waits(other):
    """Return once the connection `other` names ({"pid": …}) waits for a lock this one holds.
    PostgreSQL shows it in pg_locks (read afresh each time, unlike pg_stat_activity inside a
    transaction); on SQLite a moment is enough, the other's BEGIN IMMEDIATE waiting anyway."""
    if connection.vendor != "postgresql":
        time.sleep(0.3)
        return
    for _ in range(200):
        if "pid" in other:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted", [other["pid"]]
                )
                if cursor.fetchone() is not None:
                    return
        time.sleep(0.05)


def test_two_actions_at_once_in_one_school_keep_its_chain_linked(race_db):
    """The second action's append waits for the first to commit, then links to the event the
    first wrote, which its own statement could not see when it began."""
    s01 = Org.objects.get(code="s01")
    first_in, second = threading.Event(), {}
    events = {}

    def first():
        try:
            with transaction.atomic():
                events["first"] = audit.record(actor=None, org=s01, action="zone.update")
                first_in.set()
                _until_it_waits(second)
        finally:
            connection.close()

    def then_second():
        try:
            first_in.wait(timeout=10)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    second["pid"] = cursor.fetchone()[0]
            with transaction.atomic():
                events["second"] = audit.record(actor=None, org=s01, action="zone.update")
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=then_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert events["second"].seq == events["first"].seq + 1
    assert events["second"].prev_hash == events["first"].hash
    s01.refresh_from_db()
    assert verify_chain(s01.pk, s01.audit_seq) == []
