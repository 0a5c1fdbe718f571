"""Casework at every school, in the small numbers a real city has: persons of concern with their
monthly reviews, disputes with their mediations and the weekly and monthly screenings, bullying
cases at every step of the procedure (tip-line reports with their messages), mandatory reports
to the police, a few requests to read a record, and the keepers' full reads of the records.

About one school in eight, and the hot spot, shows each gap the bureau counts: a person of
concern at high risk, a review overdue, a dispute past its deadline (the escalation task has
told the leaders), a bullying case past a time limit; a mandatory report not yet made in time is
rarer (a school in eight of those that have one).

A full read leaves nothing but its audit event, which `casework.record_reads` counts: the reads
(and the access requests) are appended to each school's audit chain in time order, hashed as
`core.services.audit.record` does, so `verify_audit` still passes. No other step writes events."""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone, translation

from safecampus.casework.models import (
    AccessGrant,
    BullyingCase,
    BullyingMessage,
    BullyingStatus,
    ConcernCategory,
    ConcernFollowUp,
    ConcernStatus,
    Dispute,
    DisputeLevel,
    DisputeStatus,
    DisputeType,
    GrantStatus,
    Ledger,
    MandatoryReport,
    MandatoryStatus,
    MandatoryTrigger,
    Mediation,
    PersonOfConcern,
    RiskLevel,
    Screening,
    ScreeningScope,
    Severity,
    SubjectKind,
)
from safecampus.casework.models.access import RECORD_NAME
from safecampus.casework.models.bullying import CODE_ALPHABET, code_digest
from safecampus.casework.queries.access import READ_ACTION
from safecampus.casework.rules import bullying_rules_for, rules_for
from safecampus.city import schoolyear
from safecampus.city.context import gap, person_name
from safecampus.core.models import AuditEvent, Org, User
from safecampus.core.models.audit import GENESIS_HASH
from safecampus.core.roles import Role

S, M, H = SubjectKind, RiskLevel, ConcernStatus
# The cases a school keeps: category, who, risk, psychological risk (0–5), assessment, measures.
CASES = {
    "bad-truancy": (S.STUDENT, M.MIDDLE, None, "本学期已旷课5次，常在校外网吧逗留。",
                    "班主任每日核对考勤；每周与家长电话沟通一次；心理老师约谈。"),
    "bad-internet": (S.STUDENT, M.LOW, None, "沉迷网络游戏，经常熬夜，上课精神不振。",
                     "与家长约定手机管理办法；班主任每周谈话一次。"),
    "family-left-behind": (S.STUDENT, M.LOW, None, "父母在外务工，与祖父母同住，放学后无人看管。",
                           "班主任每周电话联系监护人；安排课后托管。"),
    "family-divorce": (S.STUDENT, M.MIDDLE, None, "父母离异后情绪低落，成绩明显下滑。",
                       "心理老师每两周谈心一次；与监护人保持联系。"),
    "conflict-parent": (S.OUTSIDER, M.MIDDLE, None,
                        "因孩子在校受伤赔偿问题多次到校吵闹，扬言到教育局上访。",
                        "校长约谈；法律顾问参与；保留沟通记录。"),
    "conflict-staff": (S.STAFF, M.LOW, None, "与学校在职称评定上有矛盾，有过激言论。",
                       "校长谈心谈话；工会介入协调。"),
    "psych-risk": (S.STUDENT, M.HIGH, 3,
                   "情绪波动大，曾在教室摔砸物品，劝阻无效，已建议家长带其就医评估。",
                   "心理老师每周两次辅导；班主任与家长每日沟通；转介专业机构评估。"),
    "psych-selfharm": (S.STUDENT, M.HIGH, 2, "手臂有划痕，自述压力大、睡眠差。",
                       "心理老师危机评估；家长陪同就医；班主任密切关注。"),
    "serious-affray": (S.STUDENT, M.HIGH, None, "与校外人员结伙拦截低年级学生，强拿财物。",
                       "德育处约谈；通知家长；法治副校长训诫；报告辖区派出所。"),
    "conflict-outsider": (S.OUTSIDER, M.HIGH, None, "与学校存在纠纷，多次在校门口滞留并扬言报复。",
                          "门卫重点关注；报告辖区派出所；上下学时段加强值守。"),
}  # fmt: skip
ORDINARY = [code for code, case in CASES.items() if case[1] != M.HIGH]
HIGH = [code for code, case in CASES.items() if case[1] == M.HIGH]
CLOSE_REASONS = ["风险已解除，转入常规关注。", "学生已转学。", "矛盾已化解，双方签订和解协议。"]
REVIEW_NOTES = ["按计划回访，情况稳定。", "与家长电话沟通，近期表现好转。",
                "心理老师反馈情绪较前平稳，继续关注。"]  # fmt: skip
# Disputes: type, level, the parties' roles (None: the school itself), what it is about, what a
# mediation found, the outcome.
DISPUTES = [
    ("student-student", "minor", ("学生", "学生"), "两名学生因座位问题多次争吵，有推搡。",
     "班主任分别谈话，双方同意互相道歉。", "双方当面道歉，和好如初。"),
    ("school-parents", "major", ("家长", None),
     "家长认为孩子在食堂就餐后腹泻，要求赔偿并扬言到教育局上访。",
     "校长包案，约见家长说明食品留样检测结果。", "经卫健部门检测排除食物原因，家长接受解释。"),
    ("school-society", "serious", ("周边居民", None), "居民投诉早晨广播操音量过大。",
     "安全主任上门沟通，听取居民意见。", "调低音量并调整喇叭朝向，居民表示满意。"),
    ("teacher-student", "minor", ("教师", "学生"), "学生认为老师批评时言语过重，家长要求道歉。",
     "德育主任组织师生谈话。", "老师说明情况并致歉，家长表示理解。"),
    ("staff", "minor", ("教职工", "教职工"), "两名教师因排课安排发生争执。",
     "工会主席分别谈话。", "重新协调课表，双方认可。"),
    ("student-student", "serious", ("学生", "学生"), "两名学生在篮球场发生冲突，一人眼部轻伤。",
     "双方家长到校，安全主任主持调解。", "医药费由双方协商分担，双方家长签订调解协议。"),
]  # fmt: skip
# Bullying: what happened, as the report tells it.
ACTS = {
    "physical": "两名学生多次在厕所推搡、掌掴一名同学并索要零花钱。",
    "verbal": "班上几个同学一直给一名同学起侮辱性绰号，还在班级群里嘲笑他。",
    "property": "一名学生的文具和零花钱多次被同学拿走，不给就被威胁。",
    "exclusion": "被欺凌学生长期被同学孤立，体育课分组无人愿意与其一组。",
    "online": "有同学在班级群和短视频平台传播一名同学的照片并配侮辱性文字。",
}
FINDINGS = {
    Severity.MINOR: ("言语讥讽、推搡，情节轻微。", "批评教育，当面道歉；班主任跟踪回访。"),
    Severity.SERIOUS: ("多次殴打并强拿财物，构成欺凌，情节比较恶劣。",
                       "纪律处分；心理辅导；双方家长约谈；民警训诫谈话。"),
    Severity.GRAVE: ("多人多次殴打致轻伤，构成严重欺凌。",
                     "移交公安机关处理；学校配合做好学生保护。"),
}  # fmt: skip
# A bullying case's step, as drawn for a school (closed cases twice as often).
STEPS = ("received", "investigating", "measures", "closed", "closed", "dismissed")
# Mandatory reports: trigger, what was found.
MANDATORY = [
    ("abandoned", "班主任发现该生连续多日无人接送、衣着单薄，自述父母外出务工已两月。"),
    ("abuse-signs", "体育课上发现该生背部多处淤青，自述被家人殴打。"),
    ("unnatural-harm", "学生在校自伤，已送医救治。"),
    ("other-serious", "学生反映放学路上多次被校外人员尾随、索要财物。"),
]
OUTCOMES = ["公安已出警核查，学校启动心理危机干预。", "公安已立案调查，学校配合做好学生保护。"]


class Casework:
    """What the steps share: the rows to write, the reads to append to the audit chains, and
    the reference rows (typology, levels, triggers, rules) read once."""

    def __init__(self, city, rng):
        self.city, self.rng, self.w = city, rng, city.writer
        org = Org.objects.only("pk", "path").get(pk=city.schools[0].id)
        self.rules, self.bullying = rules_for(org), bullying_rules_for(org)
        self.categories = dict(ConcernCategory.objects.values_list("code", "pk"))
        self.types = dict(DisputeType.objects.values_list("code", "pk"))
        self.levels = {level.code: level for level in DisputeLevel.objects.all()}
        self.triggers = {t.code: t for t in MandatoryTrigger.objects.all()}
        # school id -> [(at, actor, action, object type, object id, ledger, changes)]
        self.events = {}
        self.now = city.midnight

    def at(self, day, hour=9, spread=8):
        """A time on `day` in working hours, never after the end of the history."""
        zone = timezone.get_current_timezone()
        moment = datetime.combine(day, time(hour), tzinfo=zone)
        moment += timedelta(seconds=self.rng.randrange(int(spread * 3600)))
        return min(moment, self.now - timedelta(minutes=1))

    def event(self, school, at, actor, action, model, pk, ledger, changes):
        self.events.setdefault(school.id, []).append(
            (at, actor, action, model._meta.label_lower, pk, ledger, changes)
        )

    def reads(self, school, model, pk, ledger, since, responsible=None):
        """One to three full reads of a record after it was made, by its keepers (the safety
        officer and the principal) or by the person responsible for it, if someone else."""
        keepers = [school.one(Role.SAFETY_OFFICER), school.one(Role.PRINCIPAL)]
        readers = [(keeper, "keeper") for keeper in keepers]
        if responsible is not None and responsible not in keepers:
            readers.append((responsible, "responsible"))
        span = (self.now - since).total_seconds()
        for _ in range(self.rng.randint(1, 3)):
            reader, basis = self.rng.choice(readers)
            at = since + timedelta(seconds=span * self.rng.uniform(0.05, 0.99))
            self.event(school, at, reader, READ_ACTION[ledger], model, pk, ledger,
                       {"basis": basis})  # fmt: skip


def _write(w, model, fields, rows):
    first = w.ids(model, len(rows))
    w.write(model, ["id", *fields], [[first + n, *row] for n, row in enumerate(rows)])


def grow(city):
    schoolyear.ensure(city)
    work = Casework(city, city.rng("casework"))
    _concerns(work)
    _disputes(work)
    _screenings(work)
    _bullying(work)
    _mandatory(work)
    _chain(work)


def _concerns(work):
    """A few cases a school, most low or middle risk; reviews done on their day, the next one
    planned. Gaps: a case at high risk, a case whose last review was missed, and a head teacher
    waiting for the principal's leave to read a case they do not handle."""
    city, rng, today = work.city, work.rng, work.city.today
    review = work.rules.concern_review_days
    plans = []
    for school in city.schools:
        picks = [(code, "") for code in rng.sample(ORDINARY, rng.choice((0, 1, 1, 2, 3)))]
        if gap(rng, school):
            picks.append((rng.choice(HIGH), ""))
        if gap(rng, school):
            picks.append((rng.choice(ORDINARY), "overdue"))
        if school.hot:
            picks.append(("conflict-staff", "closed"))
        plans.extend((school, code, mode) for code, mode in picks)
    first = work.w.ids(PersonOfConcern, len(plans))
    heads = {}
    for school in city.schools:
        named = set(school.roles.get(Role.HEAD_TEACHER, []))
        heads.update({c[0]: c[3] for c in school.classes if c[3] in named})
    staff = {s.id: (s.roles.get(Role.TEACHER) or s.roles[Role.GUARD])[0] for s in city.schools}
    staff_names = dict(User.objects.filter(pk__in=staff.values()).values_list("pk", "display_name"))
    cases, follow_ups, still_open = [], [], {}
    for n, (school, code, mode) in enumerate(plans):
        pk = first + n
        kind, risk, psych, assessment, measures = CASES[code]
        officer, principal = school.one(Role.SAFETY_OFFICER), school.one(Role.PRINCIPAL)
        if mode == "overdue":
            age = rng.randint(review + 5, review + 60)
        elif mode == "closed":
            age = rng.randint(60, 150)
        else:
            age = rng.randint(2, 150)
        closed = mode == "closed" or (
            not mode and risk != M.HIGH and age > 60 and rng.random() < 0.35
        )
        opened = today - timedelta(days=age)
        closed_on = opened + timedelta(days=rng.randint(30, age)) if closed else None
        if age < 7 and not closed:
            measures = ""  # not assessed yet: the case is open, without measures
        student = subject_staff = None
        responsible = principal
        if kind == S.STUDENT:
            student, class_id, name, *_guardian = rng.choice(school.pupils)
            responsible = officer if risk == M.HIGH else heads.get(class_id, officer)
        elif kind == S.STAFF:
            subject_staff = staff[school.id]
            name = staff_names[subject_staff]
        else:
            name = person_name(rng)
        status = H.CLOSED if closed else (H.MANAGED if measures else H.OPEN)
        # The reviews: every `review` days from the opening, each done on its day, the next
        # one planned while the case is open. An overdue case missed its last one.
        due = opened + timedelta(days=review)
        last = work.at(opened)
        while due < (closed_on or today):
            if mode == "overdue" and due + timedelta(days=review) >= today:
                break
            last = work.at(due, 10, 6)
            follow_ups.append([pk, due, last, responsible, rng.choice(REVIEW_NOTES)])
            due += timedelta(days=review)
        if not closed:
            follow_ups.append([pk, due, None, None, ""])
            still_open.setdefault(school.id, []).append((pk, responsible))
        flagged = psych is not None and psych >= work.rules.police_from_psych_risk
        cases.append(
            [pk, school.id, kind, student, subject_staff, name, "", work.categories[code], psych,
             risk, assessment, measures, responsible, status, flagged, opened, closed_on,
             rng.choice(CLOSE_REASONS) if closed else "", None, officer, work.at(opened), last]
        )  # fmt: skip
        work.reads(school, PersonOfConcern, pk, Ledger.CONCERN, work.at(opened), responsible)
    work.w.write(
        PersonOfConcern,
        ["id", "school_id", "subject_kind", "student_id", "staff_id", "name", "id_number",
         "category_id", "psych_risk", "risk_level", "assessment", "measures", "responsible_id",
         "status", "flagged", "opened_on", "closed_on", "close_reason", "anonymised_at",
         "created_by_id", "created_at", "updated_at"],
        cases,
    )  # fmt: skip
    _write(work.w, ConcernFollowUp, ["concern_id", "due_on", "done_at", "done_by_id", "note"],
           follow_ups)  # fmt: skip
    _requests(work, still_open)


def _requests(work, still_open):
    """A school with the gap has a head teacher asking to read an open case they do not
    handle, waiting for the principal's decision; the request is on the school's trail."""
    rng, rows = work.rng, []
    for school in work.city.schools:
        cases = still_open.get(school.id)
        if not gap(rng, school) or not cases:
            continue
        record, responsible = cases[0]
        askers = [h for h in school.roles.get(Role.HEAD_TEACHER, []) if h != responsible]
        if askers:
            asked = work.at(work.city.today - timedelta(days=rng.randint(1, 3)))
            rows.append((school, record, rng.choice(askers), asked))
    first = work.w.ids(AccessGrant, len(rows))
    for n, (school, record, asker, asked) in enumerate(rows):
        work.event(school, asked, asker, "casework.access_request", AccessGrant, first + n,
                   Ledger.CONCERN, {"ledger": Ledger.CONCERN.value, "record": record})  # fmt: skip
    work.w.write(
        AccessGrant,
        ["id", "school_id", "ledger", "record_id", "requested_by_id", "reason", "requested_at",
         "status", "decided_by_id", "decided_at", "decision_note", "expires_at"],
        [[first + n, school.id, Ledger.CONCERN, record, asker,
          "该个案涉及我班学生，需要了解辅导安排以便配合。", asked, GrantStatus.REQUESTED, None,
          None, "", None] for n, (school, record, asker, asked) in enumerate(rows)],
    )  # fmt: skip


def _parties(rng, school, roles):
    """One party a line, "name, role"; the school itself by its name."""
    return "\n".join(f"{person_name(rng)}, {role}" if role else school.name for role in roles)


def _disputes(work):
    city, rng, today = work.city, work.rng, work.city.today
    plans = []
    for school in city.schools:
        picks = [(d, False) for d in rng.sample(DISPUTES, rng.choice((0, 0, 1, 1, 2)))]
        if gap(rng, school):
            picks.append((rng.choice(DISPUTES), True))  # past its deadline, still open
        if school.hot:
            picks.append((DISPUTES[0], False))
        plans.extend((school, dispute, overdue) for dispute, overdue in picks)
    first = work.w.ids(Dispute, len(plans))
    disputes, mediations = [], []
    for n, (school, (kind, level_code, roles, summary, note, outcome), overdue) in enumerate(plans):
        pk = first + n
        level = work.levels[level_code]
        officer, principal = school.one(Role.SAFETY_OFFICER), school.one(Role.PRINCIPAL)
        heads = school.roles.get(Role.HEAD_TEACHER, [])
        if level.leader_takes_on:
            handler = principal
        elif kind == "student-student" and heads:
            handler = rng.choice(heads)  # 小矛盾不出班
        else:
            handler = officer
        age = level.settle_days + rng.randint(2, 10) if overdue else rng.randint(0, 90)
        found = today - timedelta(days=age)
        deadline = found + timedelta(days=level.settle_days)
        closed_on = escalated = None
        if overdue:
            status = DisputeStatus.MEDIATING
            # The escalation task told the leaders on the morning after the deadline.
            escalated = work.at(deadline + timedelta(days=1), 8, 1)
        elif deadline < today:
            status = DisputeStatus.SETTLED if rng.random() < 0.85 else DisputeStatus.UNSETTLED
            closed_on = found + timedelta(days=rng.randint(1, level.settle_days))
        else:
            status = rng.choice([DisputeStatus.OPEN, DisputeStatus.MEDIATING,
                                 DisputeStatus.SETTLED])  # fmt: skip
            if status == DisputeStatus.SETTLED:
                closed_on = found + timedelta(days=rng.randint(0, age))
        if status != DisputeStatus.OPEN:
            held = found + timedelta(days=rng.randint(0, ((closed_on or today) - found).days))
            mediations.append([pk, held, handler, note, work.at(held, 14, 3)])
        closed = status in (DisputeStatus.SETTLED, DisputeStatus.UNSETTLED)
        disputes.append(
            [pk, school.id, work.types[kind], level.pk, _parties(rng, school, roles), summary,
             handler, status, found, deadline, escalated,
             (outcome if status == DisputeStatus.SETTLED else "已移交区矛盾纠纷调处中心。")
             if closed else "", closed_on, None, officer, work.at(found)]
        )  # fmt: skip
        work.reads(school, Dispute, pk, Ledger.DISPUTE, work.at(found), handler)
    work.w.write(
        Dispute,
        ["id", "school_id", "type_id", "level_id", "parties", "summary", "handler_id", "status",
         "found_on", "deadline", "escalated_at", "outcome", "closed_on", "anonymised_at",
         "created_by_id", "created_at"],
        disputes,
    )  # fmt: skip
    _write(work.w, Mediation, ["dispute_id", "held_on", "by_id", "note", "created_at"],
           mediations)  # fmt: skip


def _screenings(work):
    """Since the start of term, the weekly small screening on the school's day, every fourth
    week the monthly big one instead (seed 001: 每周一小查，每月一大查)."""
    city, rng = work.city, work.rng
    rows = []
    for school in city.schools:
        day = city.term[0] + timedelta(days=rng.randrange(5))
        week = 0
        while day <= city.today:
            scope = ScreeningScope.BIG if week % 4 == 0 else ScreeningScope.SMALL
            big = scope == ScreeningScope.BIG
            note = "各年级、各班逐一排查。" if big else "重点排查学生之间、家校之间矛盾。"
            found = rng.choice((0, 0, 0, 1)) + (rng.choice((0, 1)) if big else 0)
            rows.append([school.id, scope, day, school.one(Role.SAFETY_OFFICER), found, note])
            day += timedelta(days=7)
            week += 1
    _write(work.w, Screening, ["school_id", "scope", "done_on", "by_id", "found", "note"], rows)


def _tracking_code(rng):
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(16))


def _bullying(work):
    """Cases at each step: a report waiting for acceptance, one under investigation, a finding
    with measures (a serious one reported to the police and the bureau), closed cases and a
    dismissed report. A school with the gap has one past its step's time limit."""
    city, rng, today, rules = work.city, work.rng, work.city.today, work.bullying
    B = BullyingStatus
    plans = []
    for school in city.schools:
        count = rng.choice((0, 0, 0, 1, 1, 2))
        steps = [rng.choice(STEPS) for _ in range(count)]
        if gap(rng, school):
            steps.append("late")
        if school.hot:
            steps += ["received", "measures", "closed"]
        plans.extend((school, step) for step in steps)
    first = work.w.ids(BullyingCase, len(plans))
    cases, messages = [], []
    for n, (school, step) in enumerate(plans):
        pk = first + n
        officer = school.one(Role.SAFETY_OFFICER)
        heads = school.roles.get(Role.HEAD_TEACHER, [])
        handler = rng.choice([officer, *heads[:2]])
        victim, other = rng.sample(school.pupils, 2)
        class_name = next(c[2] for c in school.classes if c[0] == victim[1])
        act = rng.choice(list(ACTS))
        channel = rng.choice(("tip", "tip", "student", "guardian", "staff"))
        if step == "late":
            # Either not accepted in time, or accepted and the finding is overdue.
            step = rng.choice(("received", "investigating"))
            age = (rules.accept_days + rng.randint(1, 4) if step == "received"
                   else rules.investigate_days + rng.randint(2, 8))  # fmt: skip
        elif step == "received":
            age = rng.randint(1, rules.accept_days)  # the acceptance is due today at the latest
        elif step == "investigating":
            age = rng.randint(1, max(1, rules.investigate_days - 1))
        else:
            age = rng.randint(rules.investigate_days + rules.appeal_days + 5, 120)
        received = work.at(today - timedelta(days=age), 8, 10)
        row = dict.fromkeys(
            ["accepted_on", "investigate_by", "is_bullying", "determined_on",
             "families_informed_on", "appeal_by", "reported_onward_at", "closed_on"]
        )  # fmt: skip
        row.update(severity="", committee="", finding="", measures="", onward_note="",
                   closing_note="", handler=None if channel == "tip" else handler)  # fmt: skip
        received_on = timezone.localdate(received)
        status = B.RECEIVED
        if step == "dismissed":
            status = B.CLOSED
            row.update(closed_on=received_on + timedelta(days=1), closing_note=(
                "经了解为同学间玩笑打闹，不构成欺凌，已批评教育。"))  # fmt: skip
        elif step != "received":
            status = B.INVESTIGATING
            accepted = received_on + timedelta(days=min(age, rng.randint(0, rules.accept_days)))
            row.update(
                handler=handler,
                accepted_on=accepted,
                investigate_by=accepted + timedelta(days=rules.investigate_days),
            )
            if step in ("measures", "closed"):
                determined = accepted + timedelta(days=rng.randint(3, rules.investigate_days))
                severity = rng.choice(
                    (
                        Severity.MINOR,
                        Severity.MINOR,
                        Severity.SERIOUS,
                        Severity.GRAVE if rng.random() < 0.1 else Severity.MINOR,
                    )
                )
                finding, measures = FINDINGS[severity]
                status = B.MEASURES
                row.update(
                    is_bullying=True,
                    severity=severity,
                    finding=finding,
                    committee="校长、法治副校长、德育主任、家长代表",
                    determined_on=determined,
                    families_informed_on=determined - timedelta(days=rng.randint(0, 2)),
                    appeal_by=determined + timedelta(days=rules.appeal_days),
                    measures=f"{determined + timedelta(days=1)}: {measures}",
                )
                if severity != Severity.MINOR:
                    row.update(
                        reported_onward_at=work.at(determined, 15, 2),
                        onward_note="辖区派出所、区教育局安全科",
                    )
                if step == "closed":
                    status = B.CLOSED
                    row.update(
                        closing_note="双方和好，回访无再发生。",
                        closed_on=determined + timedelta(days=rules.appeal_days + 3),
                    )
        cases.append(
            [pk, school.id, channel,
             code_digest(_tracking_code(rng)) if channel == "tip" else None,
             "" if channel == "tip" else {"student": f"{victim[2]}, 学生",
                                          "guardian": f"{victim[4]}, 家长",
                                          "staff": "值周教师"}[channel],
             act, f"{victim[2]}, 被欺凌学生\n{other[2]}, 学生", ACTS[act],
             f"{class_name}，最近两周", row["handler"], status, received,
             received_on + timedelta(days=rules.accept_days), row["accepted_on"],
             row["investigate_by"], row["is_bullying"], row["severity"], row["committee"],
             row["finding"], row["determined_on"], row["families_informed_on"], row["appeal_by"],
             row["measures"], None, None, row["reported_onward_at"], row["onward_note"],
             row["closing_note"], row["closed_on"], None, None if channel == "tip" else officer]
        )  # fmt: skip
        if channel == "tip" and status != B.CLOSED:
            asked = received + timedelta(hours=rng.uniform(1, 6))
            told = asked + timedelta(hours=rng.uniform(2, 24))
            if asked < work.now:
                messages.append([pk, False, officer, "谢谢你告诉我们。能说一下是哪个班吗？"
                                 "我们会保护你的身份。", asked])  # fmt: skip
            if told < work.now:
                messages.append([pk, True, None, f"{class_name}，放学后在走廊也有。", told])
        work.reads(school, BullyingCase, pk, Ledger.BULLYING, received, row["handler"])
    work.w.write(
        BullyingCase,
        ["id", "school_id", "channel", "code_digest", "reporter", "act", "parties", "summary",
         "happened", "handler_id", "status", "received_at", "accept_by", "accepted_on",
         "investigate_by", "is_bullying", "severity", "committee", "finding", "determined_on",
         "families_informed_on", "appeal_by", "measures", "appealed_on", "review_by",
         "reported_onward_at", "onward_note", "closing_note", "closed_on", "anonymised_at",
         "created_by_id"],
        cases,
    )  # fmt: skip
    _write(work.w, BullyingMessage, ["case_id", "from_reporter", "author_id", "body",
                                     "created_at"], messages)  # fmt: skip


def _mandatory(work):
    """A school in five has had a mandatory report this term or before (the hot spot three):
    most reported within the trigger's time and, after a fortnight, closed; some late; a
    school in eight of those has one not yet made past its time."""
    city, rng = work.city, work.rng
    plans = []
    for school in city.schools:
        if school.hot:
            plans += [(school, "waiting"), (school, "reported"), (school, "closed")]
        elif rng.random() < 0.2:
            plans.append((school, "waiting" if gap(rng, school, False) else "closed"))
    first = work.w.ids(MandatoryReport, len(plans))
    rows = []
    for n, (school, state) in enumerate(plans):
        pk = first + n
        code, summary = rng.choice(MANDATORY)
        trigger = work.triggers[code]
        allowed = timedelta(minutes=trigger.report_minutes)
        officer, principal = school.one(Role.SAFETY_OFFICER), school.one(Role.PRINCIPAL)
        _sid, class_id, child, *_guardian = rng.choice(school.pupils)
        class_name = next(c[2] for c in school.classes if c[0] == class_id)
        if state == "waiting":
            learned = work.now - allowed - timedelta(hours=rng.uniform(1, 8))
        elif state == "reported":
            learned = work.at(city.today - timedelta(days=rng.randint(1, 10)))
        else:
            learned = work.at(city.today - timedelta(days=rng.randint(15, 120)))
        reported = closed_on = None
        if state != "waiting":
            late = rng.random() < 0.1
            reported = learned + allowed * (rng.uniform(1.2, 4) if late else rng.uniform(0.2, 0.9))
        if state == "closed":
            closed_on = timezone.localdate(learned) + timedelta(days=rng.randint(5, 14))
        status = {"waiting": MandatoryStatus.TO_REPORT, "reported": MandatoryStatus.REPORTED,
                  "closed": MandatoryStatus.CLOSED}[state]  # fmt: skip
        rows.append(
            [pk, school.id, trigger.pk, f"{child}, {class_name}", summary, learned,
             learned + allowed, status, reported,
             "辖区派出所（电话报案）、区教育局" if reported else "",
             f"接警编号 {learned:%Y}-{rng.randrange(10**6):06d}" if reported else "",
             rng.choice(OUTCOMES) if closed_on else "", closed_on,
             rng.choice((officer, principal)), None, officer, learned + timedelta(minutes=5)]
        )  # fmt: skip
        work.reads(school, MandatoryReport, pk, Ledger.MANDATORY, learned)
    work.w.write(
        MandatoryReport,
        ["id", "school_id", "trigger_id", "subject", "summary", "learned_at", "report_by",
         "status", "reported_at", "reported_to", "receipt", "outcome", "closed_on", "handler_id",
         "anonymised_at", "created_by_id", "created_at"],
        rows,
    )  # fmt: skip


def _chain(work):
    """Append the events to each school's audit chain, oldest first, each hashed over the one
    before it as `audit.record` hashes it; then move each chain's head."""
    if not work.events:
        return
    ids = list(work.events)
    before = AuditEvent.objects.filter(org_id=OuterRef("pk"), seq=OuterRef("audit_seq"))
    heads = {
        pk: (seq, prev)
        for pk, seq, prev in Org.objects.filter(pk__in=ids).values_list(
            "pk", "audit_seq", Subquery(before.order_by().values("hash")[:1])
        )
    }
    actors = {e[1] for events in work.events.values() for e in events}
    people = User.objects.filter(pk__in=actors).values_list("pk", "display_name", "username")
    names = {pk: name or login for pk, name, login in people}
    rows = []
    first = work.w.ids(AuditEvent, sum(len(events) for events in work.events.values()))
    with translation.override(settings.LANGUAGE_CODE):
        labels = {ledger: str(RECORD_NAME[ledger]) for ledger in Ledger.values}
    for school_id in sorted(ids):
        seq, prev = heads[school_id]
        prev = prev or GENESIS_HASH
        events = sorted(work.events[school_id], key=lambda e: (e[0], e[2], e[4]))
        for at, actor, action, kind, pk, ledger, changes in events:
            seq += 1
            record_id = changes.get("record", pk)
            event = AuditEvent(
                org_id=school_id,
                seq=seq,
                actor_id=actor,
                actor_name=names[actor][:60],
                action=action,
                object_type=kind,
                object_id=str(pk),
                object_repr=f"{labels[ledger]} #{record_id}",
                changes=changes,
                # As the database gives it back, for the hash: UTC, to the microsecond.
                created_at=at.astimezone(UTC),
                prev_hash=prev,
            )
            prev = event.compute_hash()
            rows.append(
                [first + len(rows), school_id, seq, actor, event.actor_name, action, kind,
                 event.object_id, event.object_repr, changes, event.created_at, event.prev_hash,
                 prev]
            )  # fmt: skip
    work.w.write(
        AuditEvent,
        ["id", "org_id", "seq", "actor_id", "actor_name", "action", "object_type", "object_id",
         "object_repr", "changes", "created_at", "prev_hash", "hash"],
        rows,
    )  # fmt: skip
    top = AuditEvent.objects.filter(org=OuterRef("pk")).order_by().values("org")
    Org.objects.filter(pk__in=ids).update(
        audit_seq=Subquery(top.annotate(m=Max("seq")).values("m"))
    )
