"""The demo district's assessments: last year's round, finished (graded, published, one school
vetoed, one appeal answered with a re-score, closed), and this year's round open for the
schools' self-assessment, three schools under way and one handed in. Writes go through the
services; only the dates are moved back afterwards, as a demo's history needs."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from safecampus.assessment.models import Entry, Round, RoundSchool, Scheme, VetoItem
from safecampus.assessment.services import rounds as services
from safecampus.core.models import Org, User
from safecampus.core.roles import Role
from safecampus.core.services.notifications import muted

NOTES = [
    "已按要求落实，相关记录见附件和链接。",
    "本年度已完成，资料已归档。",
    "基本落实，个别台账记录不全，正在补充。",
]


def _points(rng, maximum, low=0.6):
    share = Decimal(str(rng.uniform(low, 1.0)))
    return (maximum * share * 2).quantize(Decimal("1")) / 2


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _self_assess(sheet, officer, rng, *, submit):
    for entry in Entry.objects.filter(sheet=sheet).select_related("indicator"):
        services.self_assess(
            actor=officer,
            entry=entry,
            self_points=_points(rng, entry.indicator.max_points, 0.75),
            note=rng.choice(NOTES),
            links=[{"url": f"/orgs/{sheet.school_id}/", "label": "学校台账"}],
        )
    if submit:
        services.submit_sheet(actor=officer, sheet=sheet)


def _last_year(admin, inspector, district, version, schools, officers, rng):
    year = timezone.localdate().year - 1
    round_ = services.create_round(
        actor=admin,
        bureau=district,
        version=version,
        title=f"{year}年度学校安全工作考核",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        self_due=date(year, 12, 1),
        appeal_days=10,
        target={},
    )
    services.open_round(actor=admin, round_=round_)
    sheets = {s.school_id: s for s in round_.sheets.all()}
    for school in schools:
        _self_assess(sheets[school.pk], officers[school.code], rng, submit=True)
    services.start_scoring(actor=admin, round_=round_)
    for entry in Entry.objects.filter(sheet__round=round_, points__isnull=True).select_related(
        "indicator", "sheet"
    ):
        services.score_entry(
            actor=inspector,
            entry=entry,
            points=_points(rng, entry.indicator.max_points),
            note="现场查阅资料、询问师生后评定。",
        )
    vetoed = sheets[schools[-1].pk]
    item = VetoItem.objects.filter(version=version, position=6).first()
    if item is not None:
        services.apply_veto(
            actor=inspector,
            sheet=vetoed,
            item=item,
            reason="学生在校外受伤后学校未按规定上报，经家长反映后核实。",
        )
    services.publish_round(actor=admin, round_=round_)
    appealing = RoundSchool.objects.get(pk=sheets[schools[1].pk].pk)
    appeal = services.file_appeal(
        actor=officers[schools[1].code],
        sheet=appealing,
        text="“应急疏散演练”一项：本校全年开展四次演练，记录已上传，请复核。",
    )
    entry = (
        Entry.objects.filter(sheet=appealing, indicator__name="应急疏散演练")
        .select_related("indicator")
        .first()
    )
    rescores = {entry.pk: entry.indicator.max_points} if entry is not None else {}
    services.answer_appeal(
        actor=admin,
        appeal=appeal,
        answer="经复核演练记录属实，该项按满分计。",
        rescores=rescores,
    )
    services.close_round(actor=admin, round_=round_)
    published = date(year + 1, 1, 10)
    Round.objects.filter(pk=round_.pk).update(
        created_at=_at(date(year, 11, 1), 9),
        published_at=_at(published, 10),
        appeal_until=published + timedelta(days=10),
        closed_at=_at(published + timedelta(days=12), 17),
    )
    RoundSchool.objects.filter(round=round_).update(submitted_at=_at(date(year, 11, 28), 16))
    appeal.__class__.objects.filter(pk=appeal.pk).update(
        filed_at=_at(published + timedelta(days=3), 11),
        answered_at=_at(published + timedelta(days=7), 15),
    )


def _this_year(admin, district, version, schools, officers, rng):
    today = timezone.localdate()
    round_ = services.create_round(
        actor=admin,
        bureau=district,
        version=version,
        title=f"{today.year}年度学校安全工作考核",
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
        self_due=max(today + timedelta(days=14), date(today.year, 12, 1)),
        appeal_days=10,
        target={},
    )
    services.open_round(actor=admin, round_=round_)
    sheets = {s.school_id: s for s in round_.sheets.all()}
    for index, school in enumerate(schools[:3]):
        _self_assess(sheets[school.pk], officers[school.code], rng, submit=index == 0)


def load(demo):
    """Idempotent: a district that has rounds is left alone."""
    district = Org.objects.get(code="demo-district")
    if Round.objects.filter(bureau=district).exists():
        return
    scheme = Scheme.objects.filter(org=None).order_by("pk").first()
    if scheme is None:
        return
    version = scheme.versions.order_by("-number").first()
    admin = demo.bureau[Role.BUREAU_ADMIN]
    inspector = demo.bureau[Role.BUREAU_INSPECTOR]
    schools = list(demo.schools)
    officers = {
        u.username.split(".")[0]: u
        for u in User.objects.filter(username__in=[f"{s.code}.officer" for s in schools])
    }
    rng = random.Random("assessment")
    with muted():
        _last_year(admin, inspector, district, version, schools, officers, rng)
        _this_year(admin, district, version, schools, officers, rng)
