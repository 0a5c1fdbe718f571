"""Demo gate history for every demo school: 30 days of visits, a few watchlist matches, exit
permits, confiscations, gate duty, and pick-ups in the kindergartens. Written through the
services (so the audit trail is real), then moved back in time."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.core.models.org import SchoolKind
from safecampus.core.queries import school_days
from safecampus.core.services.notifications import muted
from safecampus.gate.models import (
    ExitPermit,
    PickupRecord,
    Visit,
    WatchlistAction,
    WatchlistEntry,
)
from safecampus.gate.services import (
    confiscations,
    duty,
    exits,
    pickups,
    proposals,
    visits,
    watchlist,
)
from safecampus.students import phone_login
from safecampus.students.demo import DEMO_PARENT_PHONE, demo_id_number, demo_name
from safecampus.students.models import Student

PURPOSES = [
    ("家长会", "学生家长"),
    ("送教学用品", "文具公司"),
    ("设备维修", "空调维修公司"),
    ("消防检查", "区消防大队"),
    ("食堂供货", "蔬菜配送中心"),
    ("教研活动", "区教研室"),
    ("接孩子看病", "学生家长"),
]
DAYS = 30


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _people(school):
    names = ["principal", "officer", "headteacher", "teacher", "guard", "teacher2", "teacher3"]
    return {n: User.objects.get(username=f"{school.code}.{n}") for n in names}


def _visitor(rng):
    return {
        "name": demo_name(rng),
        "id_type": "resident",
        "id_number": demo_id_number(rng, rng.randint(1965, 1995)),
        "phone": f"1970{rng.randint(0, 9999999):07d}",
    }


def _visits(school, people, rng, days):
    hosts = [people[k] for k in ("principal", "officer", "headteacher", "teacher", "teacher2")]
    for day in days:
        for _i in range(rng.randint(1, 3)):
            purpose, organisation = rng.choice(PURPOSES)
            visit = visits.register_visit(
                actor=people["guard"],
                school=school,
                purpose=purpose,
                organisation=organisation,
                host=rng.choice(hosts),
                stay_minutes=rng.choice((30, 60, 90)),
                vehicle_plate=rng.choice(("", "", "浙A·D" + str(rng.randint(10000, 99999)))),
                **_visitor(rng),
            )
            visits.check_out(actor=people["guard"], visit=visit)
            start = _at(day, rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
            Visit.objects.filter(pk=visit.pk).update(
                created_at=start,
                expected_on=day,
                checked_in_at=start,
                expected_out_at=start + timedelta(minutes=visit.stay_minutes),
                checked_out_at=start + timedelta(minutes=visit.stay_minutes + rng.randint(-10, 20)),
            )
    # Today: two visitors on campus, one of them past the expected stay; one pre-registered.
    now = timezone.now()
    for hours_ago, stay in ((3, 60), (0, 90)):
        visit = visits.register_visit(
            actor=people["guard"],
            school=school,
            purpose="学校安全工作检查",
            organisation="区教育局",
            host=people["officer"],
            stay_minutes=stay,
            **_visitor(rng),
        )
        Visit.objects.filter(pk=visit.pk).update(
            checked_in_at=now - timedelta(hours=hours_ago),
            expected_out_at=now - timedelta(hours=hours_ago) + timedelta(minutes=stay),
        )
    visits.pre_register(
        actor=people["teacher"],
        school=school,
        purpose="家访回访",
        expected_on=timezone.localdate(),
        **_visitor(rng),
    )


def _watchlist(district, schools):
    if WatchlistEntry.objects.filter(org=district).exists():
        return None
    rng = random.Random("watchlist")
    police = User.objects.get(username="police.liaison")
    bureau_entry = watchlist.add_entry(
        actor=police,
        org=district,
        name="钱某某",
        id_number=demo_id_number(rng, 1979),
        phone="19700000001",
        action=WatchlistAction.DENY,
        reason="曾在校门口滋事，公安机关要求各校禁止其入校",
    )
    s01 = next(s for s in schools if s.code == "s01")
    school_entry = watchlist.add_entry(
        actor=User.objects.get(username="s01.officer"),
        org=s01,
        name="孙某",
        phone="19700000002",
        action=WatchlistAction.WATCH,
        reason="与学生家长存在纠纷，入校须安全办陪同",
        valid_until=timezone.localdate() + timedelta(days=180),
    )
    return bureau_entry, school_entry


def _hits(schools, entries, rng):
    """A few watchlist matches: refused at one school, admitted with a reason at another."""
    bureau_entry, school_entry = entries
    by_code = {s.code: s for s in schools}
    cases = [
        ("s01", bureau_entry, "refuse", 12),
        ("s04", bureau_entry, "refuse", 6),
        ("s01", school_entry, "override", 3),
    ]
    for code, entry, outcome, days_ago in cases:
        school = by_code[code]
        guard = User.objects.get(username=f"{code}.guard")
        visit = visits.register_visit(
            actor=guard,
            school=school,
            name=entry.name,
            id_number=entry.id_number,
            phone=entry.phone,
            purpose="找学生家长",
            host=User.objects.get(username=f"{code}.officer"),
        )
        if outcome == "refuse":
            visits.refuse_entry(actor=guard, visit=visit, note="劝离，未发生冲突")
        else:
            visits.override(actor=guard, visit=visit, reason="安全办主任到门口陪同，事先已约谈")
            visits.check_out(actor=guard, visit=visit)
        when = timezone.now() - timedelta(days=days_ago)
        Visit.objects.filter(pk=visit.pk).update(
            created_at=when,
            expected_on=timezone.localdate(when),
            checked_in_at=when if visit.checked_in_at else None,
            checked_out_at=when + timedelta(minutes=40) if outcome == "override" else None,
        )


def _exits(school, people, rng, days):
    students = list(
        Student.objects.filter(school=school, school_class__head_teacher=people["headteacher"])
    )
    head = people["headteacher"]
    for day in days[-8::2]:
        student = rng.choice(students)
        permit = exits.issue_permit(
            actor=head,
            student=student,
            reason=rng.choice(("发烧就医", "家中有事", "牙科复诊")),
            leave_from=timezone.now(),
            return_by=timezone.now() + timedelta(hours=2),
            accompanying_adult=f"{student.name[0]}家长",
        )
        exits.record_exit(actor=people["guard"], permit=permit)
        exits.record_return(actor=people["guard"], permit=permit)
        leave = _at(day, 10, 30)
        ExitPermit.objects.filter(pk=permit.pk).update(
            leave_from=leave,
            return_by=leave + timedelta(hours=2),
            exited_at=leave + timedelta(minutes=5),
            returned_at=leave + timedelta(minutes=100),
            created_at=leave - timedelta(hours=1),
        )
    # Today: one permit for later in the day, one request waiting for the head teacher.
    later = timezone.now() + timedelta(hours=1)
    exits.issue_permit(
        actor=head,
        student=students[0],
        reason="参加市青少年围棋比赛",
        leave_from=later,
        return_by=later + timedelta(hours=3),
        accompanying_adult="体育老师",
    )
    exits.issue_permit(
        actor=people["teacher"],
        student=students[1],
        reason="身体不适，家长来接",
        leave_from=later,
        accompanying_adult=f"{students[1].name[0]}家长",
        request=True,
    )


def _confiscations(school, people, rng, days):
    items = [
        ("knife", "折叠刀（刀刃约8厘米）", "police"),
        ("lighter", "打火机", "kept"),
        ("fireworks", "摔炮一盒", "returned"),
    ]
    students = list(Student.objects.filter(school=school)[:20])
    for (kind, item, handling), day in zip(items, days[::9], strict=False):
        confiscations.record_confiscation(
            actor=people["guard"],
            school=school,
            kind=kind,
            item=item,
            student=rng.choice(students),
            place="校门安检",
            handling=handling,
            found_at=_at(day, 7, 40),
        )


def _duty(school, people, rng, days):
    for day in days:
        for session in ("arrival", "dismissal"):
            if rng.random() < 0.08:
                continue  # a few sessions nobody logged: the bureau's coverage shows them
            duty.record_duty(
                actor=people["guard"],
                school=school,
                day=day,
                session=session,
                guards=2,
                teachers=rng.randint(1, 3),
                police=1 if rng.random() < 0.8 else 0,
                barriers=rng.random() < 0.9,
            )


def _pickups(school, people, rng, days):
    children = list(Student.objects.filter(school=school).prefetch_related("guardians"))
    teacher = people["headteacher"]
    persons = {}
    for child in children:
        for guardian in child.guardians.all():
            person = pickups.add_person(
                actor=teacher,
                student=child,
                name=guardian.name,
                relation=guardian.relation,
                phone=guardian.phone,
                consent="入园时家长签署《接送授权书》",
                consent_by=guardian.name,
            )
            persons.setdefault(child.pk, []).append(person)
    for day in days[-5:]:
        for child in children:
            record = pickups.hand_over(
                actor=people["guard"], student=child, person=rng.choice(persons[child.pk])
            )
            at = _at(day, 16, rng.randint(20, 59))
            PickupRecord.objects.filter(pk=record.pk).update(day=day, at=at)
    for child in children[:2]:
        record = pickups.refuse(
            actor=people["guard"],
            student=child,
            claimed_name=demo_name(rng),
            claimed_relation="邻居",
            note="不在授权名单，已电话联系家长",
        )
        when = _at(days[-3], 16, 45)
        PickupRecord.objects.filter(pk=record.pk).update(day=days[-3], at=when)
    # Today: half the children are already home.
    for child in children[: len(children) // 2]:
        pickups.hand_over(actor=people["guard"], student=child, person=persons[child.pk][0])


def _demo_parent(school, people, days):
    """The demo parent's children (docs/education.md): an exit and a return on their page, a
    grandmother they proposed and the school confirmed, an uncle waiting for the school, a
    neighbour refused with the school's reason."""
    children = list(
        Student.objects.filter(school=school, guardians__phone=DEMO_PARENT_PHONE)
        .select_related("school", "school_class")
        .distinct()
        .order_by("pk")
    )
    if not children:
        return
    child = children[0]
    name = child.guardians.filter(phone=DEMO_PARENT_PHONE).first().name
    account = phone_login.open_account(DEMO_PARENT_PHONE, name)
    permit = exits.issue_permit(
        actor=people["principal"],
        student=child,
        reason="牙科复诊",
        leave_from=timezone.now(),
        return_by=timezone.now() + timedelta(hours=2),
        accompanying_adult=name,
    )
    exits.record_exit(actor=people["guard"], permit=permit)
    exits.record_return(actor=people["guard"], permit=permit)
    leave = _at(days[-4], 14, 0)
    ExitPermit.objects.filter(pk=permit.pk).update(
        leave_from=leave,
        return_by=leave + timedelta(hours=2),
        exited_at=leave + timedelta(minutes=3),
        returned_at=leave + timedelta(minutes=95),
        created_at=leave - timedelta(hours=2),
    )
    leader = people["principal"]
    grandma = proposals.propose(
        account=account, student=child, name="王秀兰", relation="奶奶", phone="13900000021"
    )
    proposals.confirm(actor=leader, proposal=grandma)
    neighbour = proposals.propose(
        account=account, student=child, name="刘强", relation="邻居", phone="13900000023"
    )
    proposals.refuse(
        actor=leader,
        proposal=neighbour,
        reason="邻居不在可接送范围内，请由家长或直系亲属接送",
    )
    proposals.propose(
        account=account, student=child, name="李建国", relation="舅舅", phone="13900000022"
    )


def load_demo_gate(demo):
    """Idempotent: a school with visits is left alone."""
    schools = demo.schools
    district = Org.objects.get(code="demo-district")
    today = timezone.localdate()
    with muted():
        entries = _watchlist(district, schools)
        for school in schools:
            if Visit.objects.filter(school=school).exists():
                continue
            rng = random.Random(f"gate-{school.code}")
            people = _people(school)
            days = school_days(school, today - timedelta(days=DAYS), today - timedelta(days=1))
            _visits(school, people, rng, days)
            _duty(school, people, rng, days)
            if school.school_kind == SchoolKind.KINDERGARTEN:
                _pickups(school, people, rng, days)
            else:
                _exits(school, people, rng, days)
                _demo_parent(school, people, days)
                _confiscations(school, people, rng, days)
        if entries:
            _hits(schools, entries, rng)
