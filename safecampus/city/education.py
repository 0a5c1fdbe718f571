"""Safety education at every school: each class's 1530 record book for every school day of the
term so far, safety lessons about every eleven days, the term's trainings (two for the head
teachers, the principal's safety-situation report, a lecture for the students), a seasonal
notice to guardians with their acknowledgements and SMS reminders, and a few guardians'
concerns with the school's answers. What is due comes from the product's own calendar code
over the bureau's term (city.schoolyear), so the rows and the figures agree.

About one school in eight, and the hot spot, shows each gap the bureau looks for: 1530 entries
missed (one class skipped most of last week), classes overdue for a lesson, a head teacher who
missed a training, no safety report from the principal yet, guardians slow to acknowledge."""

import base64
import string
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from safecampus.city import schoolyear
from safecampus.city.context import gap
from safecampus.core.models import Org, ResponsibilityLetter, User
from safecampus.core.roles import Role
from safecampus.education.models import (
    Audience,
    Concern,
    ConcernStatus,
    Reminder1530,
    SafetyLesson,
    Training,
    TrainingAttendee,
    TrainingKind,
)
from safecampus.education.queries.log import due_days_by_school
from safecampus.education.rules import notice_templates_for, rules_for, themes_for, topics_for
from safecampus.education.slots import minutes, suggested_topic
from safecampus.students.models import GuardianAccount, GuardianLetter
from safecampus.students.phone_login import USERNAME_PREFIX

# The 1530 book of 1,000 schools is about a million rows: written as they come, in parts.
FLUSH = 50_000
DISMISSAL = time(15, 30)
LESSON_END = time(16, 10)
TITLES = {
    "traffic": "过马路与乘车安全",
    "drowning": "防溺水“六不”",
    "fire": "火灾逃生与灭火器使用",
    "food": "食品安全与卫生习惯",
    "electricity": "安全用电常识",
    "earthquake": "地震避险与疏散",
    "flood": "防汛防雷知识",
    "bullying": "对欺凌说不",
    "fraud": "识破电信网络诈骗",
    "online": "合理使用网络",
    "drugs": "远离毒品",
    "mental": "情绪管理与求助",
    "rescue": "心肺复苏与自救互救",
    "security": "国家安全人人有责",
}
# What guardians write to the school, and what the head teacher answers.
CONCERNS = [
    (
        "放学时校门口东侧路段车辆很多，孩子过马路不安全，能否安排老师在路口护送？",
        "感谢提醒。学校已联系交警中队，放学时段在东侧路口安排护学岗，班主任带队过马路。",
    ),
    (
        "孩子说课间在三楼走廊有高年级同学推搡，想请老师了解一下情况。",
        "已与两个班的班主任一起了解情况，对相关学生进行了批评教育，课间增加了教师巡查。",
    ),
    (
        "食堂的饭菜孩子说经常是凉的，冬天能不能改善一下？",
        "已向总务处反映，食堂已增加保温餐台，分餐时间缩短，欢迎家长参加陪餐日。",
    ),
    (
        "孩子最近放学回家情绪低落，说在班上没有朋友，想和老师沟通一下。",
        "谢谢您告诉我们。我已和孩子单独聊过，也请心理老师关注，周五放学后可以面谈。",
    ),
    (
        "学校后门围墙边的路灯坏了，晚自习放学时很黑，希望尽快修理。",
        "已报修，路灯本周内更换；修好前晚自习放学时由值班教师在后门照明引导。",
    ),
]


def _write(w, model, fields, rows):
    first = w.ids(model, len(rows))
    w.write(model, ["id", *fields], [[first + n, *row] for n, row in enumerate(rows)])


def grow(city):
    schoolyear.ensure(city)
    rng = city.rng("education")
    # Every city school follows the bureau's programme, topics and calendar: read them once.
    org = Org.objects.only("pk", "path").get(pk=city.schools[0].id)
    rules, topics = rules_for(org), topics_for(org)
    # The term begins with the history (`--days`, four weeks at least): the books cover it.
    since = city.term[0]
    due = due_days_by_school([org], since, city.today - timedelta(days=1))[org.pk]
    _log(city, rng, due, rules, topics, themes_for(org))
    _lessons(city, rng, since, {day for day, _slot in due}, rules, topics)
    _trainings(city, rng, topics)
    _letters(city, rng, rules, {t.code: t for t in notice_templates_for(org)})
    _concerns(city, rng)


def _log(city, rng, due, rules, topics, themes):
    """Every class's entry for every school day so far, recorded at dismissal (a few the next
    morning, which the book shows as late); a school with this gap keeps its books worse, and
    one of its classes skipped most of last week."""
    zone = timezone.get_current_timezone()
    days = []
    for day, slot in due:
        dismissal = datetime.combine(day, DISMISSAL, tzinfo=zone)
        # The minute an entry is made in: after dismissal, or (late) the next morning.
        on_time = [dismissal + timedelta(minutes=m) for m in range(45)]
        late = [dismissal + timedelta(hours=17, minutes=m) for m in range(60)]
        topic = suggested_topic(topics, themes, day, slot).pk
        days.append((day, slot, minutes(rules, slot), topic, on_time, late))
    last_week = city.today - timedelta(days=7)
    fields = ["id", "school_id", "school_class_id", "day", "slot", "minutes", "topic_id", "note",
              "recorded_by_id", "recorded_at", "client_uuid"]  # fmt: skip
    # A block of ids for every entry due, numbered as made (no row is copied to number it);
    # the ids of the entries not made are left unused at the end of the block.
    pk = city.writer.ids(Reminder1530, len(days) * sum(len(s.classes) for s in city.schools))
    rows = []
    for school in city.schools:
        slack = gap(rng, school)
        keep = 0.9 if slack else 0.99
        lapsed = school.classes[0][0] if slack else None
        for class_id, _grade, _name, head in school.classes:
            for day, slot, length, topic, on_time, late in days:
                # One draw decides both whether the entry was made and when.
                r = rng.random()
                if r >= keep or (class_id == lapsed and day >= last_week):
                    continue
                at = late[int(r * 6000)] if r < 0.01 else on_time[int(r / keep * 45)]
                rows.append([pk, school.id, class_id, day, slot, length, topic, "", head, at, None])
                pk += 1
        if len(rows) >= FLUSH:
            city.writer.write(Reminder1530, fields, rows)
            rows = []
    city.writer.write(Reminder1530, fields, rows)


def _lessons(city, rng, start, school_days, rules, topics):
    """A lesson about every `interval - 3` days in every class since `start`, on a school day;
    a school with this gap has one to three classes past the interval."""
    interval = rules.lesson_interval_days
    zone = timezone.get_current_timezone()
    ended = {day: datetime.combine(day, LESSON_END, tzinfo=zone) for day in school_days}
    seasons = {
        m: [(t.pk, TITLES.get(t.code, t.name)) for t in topics if not t.for_holidays and
            t.in_season(m)]
        for m in range(1, 13)
    }  # fmt: skip
    rows = []
    for school in city.schools:
        late = set()
        if gap(rng, school):
            count = len(school.classes)
            late = set(rng.sample(range(count), min(count, rng.randint(1, 3))))
            late |= {0} if school.hot else set()
        for index, (class_id, _grade, _name, head) in enumerate(school.classes):
            back = rng.randint(interval + 2, interval + 12) if index in late else None
            day = city.today - timedelta(days=back or rng.randint(1, max(1, interval - 4)))
            while day >= start:
                taught = day
                while taught >= start and taught not in school_days:
                    taught -= timedelta(days=1)  # a lesson falling on a day off comes before
                if taught >= start:
                    topic, title = rng.choice(seasons[taught.month])
                    present = schoolyear.ROLL - (rng.random() < 0.25)
                    rows.append([school.id, class_id, taught, topic, title, head, present, "",
                                 head, ended[taught], None])  # fmt: skip
                day -= timedelta(days=interval - 3)
    _write(
        city.writer,
        SafetyLesson,
        ["school_id", "school_class_id", "day", "topic_id", "title", "teacher_id",
         "attendance", "note", "recorded_by_id", "recorded_at", "client_uuid"],
        rows,
    )  # fmt: skip


def _trainings(city, rng, topics):
    """The term's trainings so far (it has run four weeks at least): the safety officer
    trains the head teachers twice, the principal gives the safety-situation report, the police
    give the students a lecture. A school with the gap has a head teacher who missed the second
    training; another gap, no report from the principal yet."""
    start = city.term[0]
    by_code = {t.code: t.pk for t in topics}
    zone = timezone.get_current_timezone()
    trainings, attendees = [], []
    first = city.writer.ids(Training, 4 * len(city.schools))
    for school in city.schools:
        officer, principal = school.one(Role.SAFETY_OFFICER), school.one(Role.PRINCIPAL)
        heads = sorted({head for _id, _grade, _name, head in school.classes})
        missed = rng.choice(heads) if gap(rng, school) else None
        report = not gap(rng, school)
        plan = [
            (8, TrainingKind.TRAINING, Audience.STAFF, "班主任安全工作培训（一）", "rescue", "2",
             officer, "", heads),
            (24, TrainingKind.TRAINING, Audience.STAFF, "班主任安全工作培训（二）", "fire", "1.5",
             officer, "", [h for h in heads if h != missed]),
            (18, TrainingKind.LECTURE, Audience.STUDENTS, "法治安全进校园", "fraud", "1", None,
             "派出所民警", ()),
        ]  # fmt: skip
        if report:
            plan.append(
                (15, TrainingKind.SAFETY_REPORT, Audience.STAFF, "本学期学校安全形势报告", None,
                 "1", principal, "", [*heads, officer])
            )  # fmt: skip
        for offset, kind, audience, title, topic, hours, speaker, outsider, people in plan:
            day = start + timedelta(days=offset)
            day += timedelta(days=-day.weekday() % 7 if day.weekday() >= 5 else 0)  # a weekday
            count = len(people) if audience == Audience.STAFF else rng.randint(150, 800)
            trainings.append(
                [
                    first,
                    school.id,
                    kind,
                    audience,
                    title,
                    by_code.get(topic),
                    day,
                    Decimal(hours),
                    speaker,
                    outsider,
                    min(count, school.enrolment) if audience != Audience.STAFF else count,
                    "",
                    officer,
                    datetime.combine(day, time(17, 0), tzinfo=zone),
                ]
            )
            attendees.extend([first, person] for person in people)
            first += 1
    city.writer.write(
        Training,
        ["id", "school_id", "kind", "audience", "title", "topic_id", "day", "hours",
         "speaker_id", "speaker_name", "attendance", "note", "recorded_by_id", "recorded_at"],
        trainings,
    )  # fmt: skip
    _write(city.writer, TrainingAttendee, ["training_id", "person_id"], attendees)


def _token(rng):
    """A copy's link token as the service makes one (43 URL-safe characters), from the seed."""
    return base64.urlsafe_b64encode(rng.getrandbits(256).to_bytes(32, "big")).rstrip(b"=").decode()


def _letters(city, rng, rules, templates):
    """A seasonal notice from the bureau's templates sent a few days ago: to every guardian at
    the hot spot and a school in three, to the lowest grade's elsewhere. Guardians acknowledge
    within a day or two; the reminder task texts, once, those still waiting after the
    programme's delay. A school with the gap has guardians slow to acknowledge."""
    end = city.term[1]
    season = templates["drowning" if 4 <= city.today.month <= 9 else "holiday"]
    delay = timedelta(days=rules.notice_reminder_days)
    now = city.midnight
    letters, copies = [], []
    first = city.writer.ids(ResponsibilityLetter, len(city.schools))
    for letter, school in enumerate(city.schools, start=first):
        officer = school.one(Role.SAFETY_OFFICER)
        rate = 0.6 if gap(rng, school) else 0.94
        grade = None
        if not school.hot and rng.random() >= 1 / 3:
            grade = min(c[1] for c in school.classes)
        audience = {"guardians": "school"} if grade is None else {"guardians": "grade",
                                                                  "grade": grade}  # fmt: skip
        sent = city.at(rng.randint(3, 8), 10 * 3600)
        letters.append(
            [letter, school.id, season.title, season.body, timezone.localdate(sent), end,
             audience | {"template": season.code}, officer, sent, None]
        )  # fmt: skip
        grades = {c[0]: c[1] for c in school.classes}
        for _sid, class_id, _child, guardian, name, _phone in school.pupils:
            if grade is not None and grades[class_id] != grade:
                continue
            acknowledged = None
            if rng.random() < rate:
                acknowledged = sent + timedelta(hours=rng.expovariate(1 / 18))
                acknowledged = acknowledged if acknowledged < now else None
            remind = sent + delay + timedelta(minutes=rng.randrange(60))
            waiting = acknowledged is None or acknowledged > remind
            copies.append(
                [letter, guardian, _token(rng), officer, sent, acknowledged,
                 name if acknowledged else "", remind if waiting and remind < now else None]
            )  # fmt: skip
    city.writer.write(
        ResponsibilityLetter,
        ["id", "school_id", "title", "body", "term_start", "term_end", "audience", "issued_by_id",
         "issued_at", "attachment_id"],
        letters,
    )  # fmt: skip
    _write(
        city.writer,
        GuardianLetter,
        ["letter_id", "guardian_id", "token", "sent_by_id", "sent_at", "acknowledged_at",
         "acknowledged_name", "reminded_at"],
        copies,
    )  # fmt: skip


def _concerns(city, rng):
    """A few guardians' concerns a school (three at the hot spot): waiting, answered by the
    class's head teacher, or closed. Each guardian logged in by phone, so has an account."""
    users, accounts, concerns = [], [], []
    plans = []
    for school in city.schools:
        if school.hot:
            states = [ConcernStatus.OPEN, ConcernStatus.ANSWERED, ConcernStatus.CLOSED]
        else:
            states = [rng.choice([ConcernStatus.ANSWERED, ConcernStatus.ANSWERED,
                                  ConcernStatus.CLOSED, ConcernStatus.OPEN])
                      for _ in range(rng.choice((0, 0, 1, 1, 2)))]  # fmt: skip
        for state, pupil in zip(states, rng.sample(school.pupils, len(states)), strict=True):
            plans.append((school, state, pupil))
    first_user = city.writer.ids(User, len(plans))
    first_account = city.writer.ids(GuardianAccount, len(plans))
    heads = {c[0]: c[3] for school in city.schools for c in school.classes}
    unusable = string.ascii_letters + string.digits
    for n, (school, state, pupil) in enumerate(plans):
        student, class_id, _child, _guardian, name, phone = pupil
        raised = city.at(0 if state == ConcernStatus.OPEN else rng.randint(3, 25))
        raised -= timedelta(hours=rng.uniform(2, 30))
        answered = raised + timedelta(hours=rng.uniform(3, 30))
        text, answer = rng.choice(CONCERNS)
        # A guardian's user has no password: they log in with a code sent to the phone.
        password = "!" + "".join(rng.choice(unusable) for _ in range(40))
        users.append(
            [first_user + n, password, raised, False, f"{USERNAME_PREFIX}{phone}", "", "", "",
             False, True, raised, name, None, ""]
        )  # fmt: skip
        accounts.append([first_account + n, first_user + n, phone, raised, raised])
        done = state != ConcernStatus.OPEN
        concerns.append(
            [
                school.id,
                student,
                first_account + n,
                name,
                text,
                None,
                state,
                answer if done else "",
                heads[class_id] if done else None,
                answered if done else None,
                answered + timedelta(days=1) if state == ConcernStatus.CLOSED else None,
                raised,
            ]
        )
    city.writer.write(
        User,
        ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
         "email", "is_staff", "is_active", "date_joined", "display_name", "mobile", "language"],
        users,
    )  # fmt: skip
    city.writer.write(
        GuardianAccount, ["id", "user_id", "phone", "created_at", "last_login_at"], accounts
    )
    _write(
        city.writer,
        Concern,
        ["school_id", "student_id", "account_id", "raised_by", "text", "photo_id", "status",
         "answer", "answered_by_id", "answered_at", "closed_at", "created_at"],
        concerns,
    )  # fmt: skip
