"""This semester's summaries so far in the demo district: the first school's and the
district's, and the first school's risk assessment report (this term's, asked for by its
officer, and the last period's, written on the schedule by the system), written from the demo's
records as the worker would. (The demo's records are of the last months before the day it is
loaded, so the term holding that day is the one they fill.)

The safety calendar: the district keeps its own date for the check before the flood season (a
rule row replacing the default), and the first school's reminders of this morning are sent."""

from django.utils import timezone

from safecampus.core.models import Org, Term, User
from safecampus.core.roles import Role
from safecampus.core.services.notifications import muted
from safecampus.reports import services
from safecampus.reports.models import Anchor, ReportSchedule, SeasonalTask, Summary
from safecampus.reports.services.calendar import remind_school
from safecampus.reports.services.schedule import last_period

FLOOD_CHECK = "汛期前安全检查（防汛、防雷、防地质灾害预案）"


def _write(actor, org, title, term, kind="summary"):
    if Summary.objects.filter(org=org, title=title).exists():
        return
    end = min(term.end, timezone.localdate())
    with muted():
        summary = services.request_summary(
            actor=actor, org=org, title=title, start=term.start, end=end, kind=kind
        )
        services.write_summary.call(summary.pk)


def _calendar(district, school):
    if not SeasonalTask.objects.filter(org=district, name=FLOOD_CHECK).exists():
        SeasonalTask.objects.create(
            org=district,
            name=FLOOD_CHECK,
            anchor=Anchor.DATE,
            month=4,
            day=15,
            lead_days=10,
            source="城南区教育局：本区4月中旬入汛前完成检查（示范数据）",
        )
    remind_school(school, timezone.localdate())


def load(demo):
    district = Org.objects.get(code="demo-district")
    _calendar(district, demo.schools[0])
    term = (
        Term.objects.filter(org=district, start__lte=timezone.localdate())
        .order_by("-start")
        .first()
    )
    if term is None:
        return
    school = demo.schools[0]
    officer = User.objects.filter(username=f"{school.code}.officer").first()
    if officer is not None:
        _write(officer, school, f"{school.name}{term.name}安全工作总结", term)
    _write(
        demo.bureau[Role.BUREAU_ADMIN],
        district,
        f"{district.name}{term.name}学校安全工作总结",
        term,
    )
    _scheduled(school)
    if officer is not None:
        _write(officer, school, f"{school.name}{term.name}风险评估报告", term, kind="risk")


def _scheduled(school):
    """The first school's risk report of the last period, as the schedule writes it (the
    system asking, .docx and PDF), before this term's so the term's states the change."""
    rule = ReportSchedule.objects.filter(org=None, kind="risk", active=True).first()
    if rule is None:
        return
    start, end = last_period(rule.every_months, timezone.localdate())
    with muted():
        summary = services.request_scheduled(
            org=school, kind="risk", start=start, end=end, rule=rule
        )
        if summary is not None:
            services.write_summary.call(summary.pk)
