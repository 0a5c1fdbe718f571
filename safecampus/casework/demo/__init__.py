"""The demo district's casework: persons of concern at two schools (fictional people: the roll's
generated names, ID numbers of a region no real place has), follow-ups due and overdue, a case
flagged to the police, access requests pending, approved and expired, an old closed case the
retention rule has anonymised; disputes minor, major and past its deadline (escalated), settled,
and the screening rounds of the last weeks; bullying cases: a tip-line report with messages
(its tracking code is `DEMO-<SCHOOL CODE>-TIPS`), one past its investigation limit, a serious
one reported onward, a closed one; mandatory reports: one not reported in time, one reported
within the hour, one closed; health notes (marked 演示, made up): two in the head teacher's
class (one with the guardian's notice), one in another class, one with PE restrictions only, one
closed. Written through the services, then moved back in time."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safecampus.casework.models import (
    AccessGrant,
    BullyingCase,
    ConcernCategory,
    ConcernFollowUp,
    DisputeLevel,
    DisputeType,
    HealthKind,
    HealthNote,
    Ledger,
    MandatoryReport,
    MandatoryTrigger,
    PersonOfConcern,
)
from safecampus.casework.models.bullying import code_digest
from safecampus.casework.services import access, bullying, concerns, disputes, health, mandatory
from safecampus.casework.services.retention import apply_retention
from safecampus.core import idcard
from safecampus.core.models import User
from safecampus.core.services.notifications import muted
from safecampus.students.models import SchoolClass, Student

# An outsider's number in the roll's fictional region 99 (no province has it).
OUTSIDER_ID = "99010119800315001" + idcard.check_char("99010119800315001")


def _person(code, suffix):
    return User.objects.get(username=f"{code}.{suffix}")


def _category(code):
    return ConcernCategory.objects.get(code=code)


def _back(concern, *, opened_days, due_days):
    """Open the case `opened_days` ago with its pending review due in `due_days` (negative:
    overdue)."""
    today = timezone.localdate()
    PersonOfConcern.objects.filter(pk=concern.pk).update(
        opened_on=today - timedelta(days=opened_days)
    )
    ConcernFollowUp.objects.filter(concern=concern, done_at__isnull=True).update(
        due_on=today + timedelta(days=due_days)
    )


def _school_cases(school):
    officer = _person(school.code, "officer")
    principal = _person(school.code, "principal")
    head = _person(school.code, "headteacher")
    teacher = _person(school.code, "teacher")
    pupils = list(Student.objects.filter(school=school, is_active=True).order_by("pk")[:3])
    truant = concerns.open_concern(
        actor=officer,
        school=school,
        subject_kind="student",
        student=pupils[0],
        category=_category("bad-truancy"),
        risk_level="middle",
        responsible=head,
        assessment="本学期已旷课 6 次，常与校外人员在网吧逗留。",
        measures="班主任每日考勤核对；每周与家长电话沟通一次；心理老师约谈。",
    )
    _back(truant, opened_days=45, due_days=-5)
    crisis = concerns.open_concern(
        actor=officer,
        school=school,
        subject_kind="student",
        student=pupils[1],
        category=_category("psych-risk"),
        risk_level="high",
        psych_risk=3,
        responsible=officer,
        assessment="情绪波动大，曾在教室摔砸物品，劝阻无效。已建议家长带其就医评估。",
        measures="心理老师每周两次辅导；班主任与家长每日沟通；转介专业机构评估。",
    )
    concerns.follow_up(
        actor=officer, concern=crisis, note="家长已带学生就诊，医生建议继续观察，按时复诊。"
    )
    _back(crisis, opened_days=20, due_days=20)
    ConcernFollowUp.objects.filter(concern=crisis, done_at__isnull=False).update(
        due_on=timezone.localdate()
    )
    parent = concerns.open_concern(
        actor=officer,
        school=school,
        subject_kind="outsider",
        name="钱某某",
        id_number=OUTSIDER_ID,
        category=_category("conflict-outsider"),
        risk_level="middle",
        responsible=principal,
        assessment="因孩子在校受伤赔偿问题多次到校吵闹，扬言报复。",
    )
    _back(parent, opened_days=10, due_days=20)
    staff_case = concerns.open_concern(
        actor=officer,
        school=school,
        subject_kind="staff",
        staff=teacher,
        category=_category("conflict-staff"),
        risk_level="low",
        responsible=principal,
        measures="校长谈心谈话，工会介入协调。",
    )
    concerns.move(actor=officer, concern=staff_case, action="close", reason="矛盾已化解。")
    PersonOfConcern.objects.filter(pk=staff_case.pk).update(
        opened_on=timezone.localdate() - timedelta(days=120),
        closed_on=timezone.localdate() - timedelta(days=40),
    )
    old = concerns.open_concern(
        actor=officer,
        school=school,
        subject_kind="student",
        student=pupils[2],
        category=_category("bad-smoking"),
        risk_level="low",
        responsible=head,
        measures="德育处谈话教育，通知家长。",
    )
    concerns.move(actor=officer, concern=old, action="close", reason="已毕业。")
    PersonOfConcern.objects.filter(pk=old.pk).update(
        opened_on=timezone.localdate() - timedelta(days=5 * 365),
        closed_on=timezone.localdate() - timedelta(days=4 * 365),
    )
    # The head teacher asked to read the parent's case, was approved, read it; the access has
    # since expired. Their request for the crisis case waits for the principal.
    earlier = access.request_access(
        actor=head, ledger=Ledger.CONCERN, record=parent, reason="家长会前了解该家长的诉求。"
    )
    access.decide(actor=principal, grant=earlier, action="approve", note="仅限本次家长会使用。")
    access.read_record(actor=head, ledger=Ledger.CONCERN, record=parent)
    AccessGrant.objects.filter(pk=earlier.pk).update(
        requested_at=timezone.now() - timedelta(days=6),
        decided_at=timezone.now() - timedelta(days=6),
        expires_at=timezone.now() - timedelta(days=3),
    )
    access.request_access(
        actor=head,
        ledger=Ledger.CONCERN,
        record=crisis,
        reason="该生在我班，需要了解辅导安排以配合。",
    )


def _school_disputes(school):
    officer = _person(school.code, "officer")
    head = _person(school.code, "headteacher")
    principal = _person(school.code, "principal")
    today = timezone.localdate()
    levels = {level.code: level for level in DisputeLevel.objects.all()}
    kinds = {kind.code: kind for kind in DisputeType.objects.all()}
    for days_ago, scope, found in ((3, "small", 1), (10, "small", 0), (20, "big", 2)):
        disputes.record_screening(
            actor=officer,
            school=school,
            scope=scope,
            found=found,
            done_on=today - timedelta(days=days_ago),
            note="各年级、各班逐一排查。",
        )
    pupils = disputes.record_dispute(
        actor=officer,
        school=school,
        type=kinds["student-student"],
        level=levels["minor"],
        parties="孙某某, 学生\n李某某, 学生",
        summary="两名学生因座位问题多次争吵，有推搡。",
        handler=head,
        found_on=today - timedelta(days=3),
    )
    disputes.mediate(actor=officer, dispute=pupils, note="班主任分别谈话，双方同意互相道歉。")
    canteen = disputes.record_dispute(
        actor=officer,
        school=school,
        type=kinds["school-parents"],
        level=levels["major"],
        parties="周某某, 家长\n学校, 食堂承包方",
        summary="家长认为孩子在食堂就餐后腹泻，要求赔偿并扬言到教育局上访。",
        handler=principal,
        found_on=today - timedelta(days=9),
    )
    disputes.mediate(
        actor=principal,
        dispute=canteen,
        note="校长包案，约见家长说明食品留样检测结果，家长仍有异议。",
        held_on=today - timedelta(days=8),
    )
    disputes.escalate_overdue(today=today)
    noise = disputes.record_dispute(
        actor=officer,
        school=school,
        type=kinds["school-society"],
        level=levels["serious"],
        parties="吴某某, 周边居民",
        summary="居民投诉早晨广播操音量过大。",
        handler=officer,
        found_on=today - timedelta(days=30),
    )
    disputes.move(
        actor=officer, dispute=noise, action="settle", outcome="调低音量并调整朝向，居民表示满意。"
    )


def demo_tracking_code(school):
    return f"DEMO-{school.code.upper()}-TIPS"


def _school_bullying(school):
    officer = _person(school.code, "officer")
    head = _person(school.code, "headteacher")
    today = timezone.localdate()
    tip, _code = bullying.submit_tip(
        school=school,
        act="verbal",
        summary="班上有几个同学一直给一名同学起侮辱性绰号，还在班级群里嘲笑他。",
        happened="初二某班教室，最近两周",
    )
    BullyingCase.objects.filter(pk=tip.pk).update(
        code_digest=code_digest(demo_tracking_code(school))
    )
    tip.refresh_from_db()
    bullying.reply(
        actor=officer, case=tip, body="谢谢你告诉我们。能说一下是哪个班吗？我们会保护你的身份。"
    )
    bullying.write(case=tip, body="初二（3）班，放学后在走廊也有。")
    late = bullying.record_case(
        actor=officer,
        school=school,
        channel="guardian",
        reporter="郑某某, 家长",
        act="exclusion",
        parties="郑某某, 被欺凌学生\n钱某某, 学生",
        summary="家长反映孩子被同学孤立，体育课分组无人愿意与其一组。",
        handler=head,
    )
    bullying.accept(actor=officer, case=late)
    BullyingCase.objects.filter(pk=late.pk).update(
        received_at=timezone.now() - timedelta(days=14),
        accept_by=today - timedelta(days=13),
        accepted_on=today - timedelta(days=13),
        investigate_by=today - timedelta(days=3),
    )
    serious = bullying.record_case(
        actor=officer,
        school=school,
        channel="student",
        reporter="冯某某, 学生",
        act="physical",
        parties="冯某某, 被欺凌学生\n陈某某, 学生\n褚某某, 学生",
        summary="两名学生多次在厕所推搡、掌掴一名同学并索要零花钱。",
        handler=officer,
    )
    bullying.accept(actor=officer, case=serious)
    bullying.determine(
        actor=officer,
        case=serious,
        is_bullying=True,
        severity="serious",
        committee="校长、法治副校长、德育主任、家长代表",
        finding="多次殴打并强拿财物，构成欺凌，情节比较恶劣。",
        families_informed_on=today,
    )
    bullying.take_measures(
        actor=officer, case=serious, measures="纪律处分；心理辅导；双方家长约谈；民警训诫谈话。"
    )
    bullying.pass_on(actor=officer, case=serious, note="辖区派出所、区教育局安全科")
    minor = bullying.record_case(
        actor=officer,
        school=school,
        channel="staff",
        reporter="值周教师",
        act="verbal",
        parties="卫某某, 学生\n蒋某某, 学生",
        summary="课间一名学生讥讽另一名学生的口音。",
        handler=head,
    )
    bullying.accept(actor=officer, case=minor)
    bullying.determine(
        actor=officer,
        case=minor,
        is_bullying=True,
        severity="minor",
        committee="德育主任、班主任、家长代表",
        finding="言语讥讽，情节轻微。",
        families_informed_on=today,
    )
    bullying.take_measures(actor=officer, case=minor, measures="批评教育，当面道歉。")
    bullying.close(actor=officer, case=minor, note="双方和好，回访无再发生。")


def _school_mandatory(school):
    officer = _person(school.code, "officer")
    principal = _person(school.code, "principal")
    now = timezone.now()
    triggers = {t.code: t for t in MandatoryTrigger.objects.all()}
    late = mandatory.log_report(
        actor=officer,
        school=school,
        trigger=triggers["abandoned"],
        subject="韩某某, 三年级",
        summary="班主任发现该生连续多日无人接送、衣着单薄，自述父母外出务工已两月。",
        handler=officer,
        learned_at=now - timedelta(hours=3),
    )
    sent = mandatory.log_report(
        actor=officer,
        school=school,
        trigger=triggers["abuse-signs"],
        subject="杨某某, 五年级",
        summary="体育课上发现该生背部多处淤青，自述被继父殴打。",
        handler=principal,
        learned_at=now - timedelta(days=2),
    )
    mandatory.record_sent(
        actor=officer,
        report=sent,
        reported_to="城南派出所（电话报案）、区教育局",
        receipt="接警编号 2026-DEMO-0415",
        reported_at=sent.learned_at + timedelta(minutes=35),
    )
    closed = mandatory.log_report(
        actor=officer,
        school=school,
        trigger=triggers["unnatural-harm"],
        subject="朱某某, 六年级",
        summary="学生在校自残，已送医。",
        handler=principal,
        learned_at=now - timedelta(days=20),
    )
    mandatory.record_sent(
        actor=officer,
        report=closed,
        reported_to="城南派出所、区教育局",
        reported_at=closed.learned_at + timedelta(minutes=90),
    )
    mandatory.close(actor=officer, report=closed, outcome="公安已出警核查，学校启动心理危机干预。")
    return late


# A stand-in for the guardian's signed notice: a one-page PDF that says it is demo data.
DEMO_NOTICE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 60>>stream\nBT /F1 14 Tf 20 70 Td (DEMO - fictional guardian notice) Tj ET"
    b"\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _school_health(school):
    medic = _person(school.code, "medic")
    first, second, third = SchoolClass.objects.filter(school=school).order_by(
        "grade", "name", "pk"
    )[:3]

    def student(school_class, n):
        return Student.objects.filter(school_class=school_class, is_active=True).order_by(
            "student_number", "pk"
        )[n]

    notes = [
        (
            student(first, 2),
            HealthKind.ALLERGY,
            "花生、坚果严重过敏（演示数据）",
            "出现嘴唇肿胀、呼吸困难：立即用书包内肾上腺素笔（大腿外侧），拨打120，通知校医和家长。",
            "",
            True,
        ),
        (
            student(first, 5),
            HealthKind.ASTHMA,
            "运动诱发哮喘（演示数据）",
            "咳喘发作：停止活动，坐直，吸入随身沙丁胺醇两喷；5分钟不缓解拨打120。",
            "耐力跑限800米以内，可随时停下休息。",
            False,
        ),
        (
            student(second, 1),
            HealthKind.EPILEPSY,
            "癫痫，服药控制（演示数据）",
            "发作时：移开周围硬物，侧卧，不往嘴里塞东西，记录时间；超过5分钟拨打120。",
            "不参加游泳、攀爬。",
            False,
        ),
        (
            student(third, 3),
            HealthKind.HEART,
            "先天性心脏病术后（演示数据）",
            "胸闷、面色发紫：停止活动，平卧，通知校医，拨打120。",
            "免修中长跑和对抗性项目。",
            False,
        ),
    ]
    made = []
    for pupil, kind, detail, emergency, pe_limits, with_notice in notes:
        made.append(
            health.record_note(
                actor=medic,
                school=school,
                student=pupil,
                kind=kind,
                detail=detail,
                emergency=emergency,
                pe_limits=pe_limits,
                notice=SimpleUploadedFile("家长书面告知（演示）.pdf", DEMO_NOTICE)
                if with_notice
                else None,
            )
        )
    old = health.record_note(
        actor=medic,
        school=school,
        student=student(second, 4),
        kind=HealthKind.OTHER,
        detail="骨折恢复期（演示数据）",
        emergency="患肢疼痛加重：停止活动，通知校医。",
        pe_limits="三个月内免修体育。",
    )
    health.close_note(actor=medic, note=old)
    return made


def load(demo):
    with muted():
        for school in demo.schools[:2]:
            if PersonOfConcern.objects.filter(school=school).exists():
                continue
            _school_cases(school)
            _school_disputes(school)
        for school in demo.schools[:2]:
            if not BullyingCase.objects.filter(school=school).exists():
                _school_bullying(school)
            if not MandatoryReport.objects.filter(school=school).exists():
                _school_mandatory(school)
            if not HealthNote.objects.filter(school=school).exists():
                _school_health(school)
        apply_retention()
