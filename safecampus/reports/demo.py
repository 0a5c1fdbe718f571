"""This semester's summaries so far in the demo district: the first school's and the
district's, written from the demo's records as the worker would. (The demo's records are of
the last months before the day it is loaded, so the term holding that day is the one they
fill.)"""

from django.utils import timezone

from safecampus.core.models import Org, Term, User
from safecampus.core.roles import Role
from safecampus.core.services.notifications import muted
from safecampus.reports import services
from safecampus.reports.models import Summary


def _write(actor, org, title, term):
    if Summary.objects.filter(org=org, title=title).exists():
        return
    end = min(term.end, timezone.localdate())
    with muted():
        summary = services.request_summary(
            actor=actor, org=org, title=title, start=term.start, end=end
        )
        services.write_summary.call(summary.pk)


def load(demo):
    district = Org.objects.get(code="demo-district")
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
