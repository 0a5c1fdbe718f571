"""Notices to guardians over the API: the templates in force at a school, the school's notices
with their acknowledgement figures, sending one to a class, a grade or the whole school, and a
bureau's rates per school."""

from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from safecampus.core.access import get_visible_or_404
from safecampus.core.api_helpers import org_for, school_for
from safecampus.core.errors import DomainError
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.education.api.log import MonthQuery
from safecampus.education.api.periods import period_of
from safecampus.education.queries import bureau as bureau_queries
from safecampus.education.queries import guardians as queries
from safecampus.education.queries.log import classes
from safecampus.education.rules import notice_templates_for
from safecampus.education.services.notices import BODY_MAX, TITLE_MAX
from safecampus.students import letters
from safecampus.students.models import SchoolClass

router = Router()


class TemplateOut(Schema):
    code: str
    title: str
    body: str
    source: str
    set_by: str | None

    @staticmethod
    def resolve_set_by(obj):
        return obj.org.name if obj.org_id else None


class NoticeOut(Schema):
    id: int
    title: str
    issued_at: datetime
    term_start: date
    term_end: date
    target: str
    sent: int
    acknowledged: int
    reminded: int
    rate: float | None

    @staticmethod
    def resolve_target(obj):
        return obj.audience.get("guardians", "class")

    @staticmethod
    def resolve_acknowledged(obj):
        return obj.done


class NoticeIn(Schema):
    """A template's code fills the title and text left out; give a class or a grade, or
    neither for the whole school."""

    template: str = Field("", max_length=30)
    title: str = Field("", max_length=TITLE_MAX)
    body: str = Field("", max_length=BODY_MAX)
    term_start: date
    term_end: date
    class_id: int | None = Field(None, ge=1, le=2_147_483_647)
    grade: int | None = Field(None, ge=1, le=12)


class SchoolRateOut(Schema):
    school_id: int
    school: str
    notices: int
    sent: int
    acknowledged: int
    reminded: int
    rate: float | None


@router.get("/orgs/{school_id}/education/notice-templates", response=list[TemplateOut])
def templates(request, school_id: int):
    school = school_for(request, school_id, Cap.EDUCATION_VIEW)
    return notice_templates_for(school)


class RatedNotices:
    """The school's notices, each page's rows rated (one query a page)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, index):
        return queries.rated(self.queryset[index])


@router.get("/orgs/{school_id}/education/notices", response=list[NoticeOut])
@paginate(Pagination)
def notice_list(request, school_id: int):
    school = school_for(request, school_id, Cap.LETTER_VIEW)
    return RatedNotices(queries.notices(request.user, school))


@router.post("/orgs/{school_id}/education/notices", response={201: NoticeOut})
def notice_send(request, school_id: int, payload: NoticeIn):
    school = school_for(request, school_id, Cap.LETTER_MANAGE)
    template = None
    if payload.template:
        found = {t.code: t for t in notice_templates_for(school)}
        template = found.get(payload.template)
        if template is None:
            raise DomainError(_("There is no such notice template."))
    school_class = None
    if payload.class_id is not None:
        school_class = get_visible_or_404(
            request.user, SchoolClass, payload.class_id, queryset=classes(request.user, school)
        )
    letter, _copies = letters.send_notice(
        actor=request.user,
        school=school,
        title=payload.title or (template.title if template else ""),
        body=payload.body or (template.body if template else ""),
        term_start=payload.term_start,
        term_end=payload.term_end,
        school_class=school_class,
        grade=payload.grade if school_class is None else None,
        template=template.code if template else "",
    )
    return Status(201, queries.notice(request.user, school, letter.pk))


@router.get("/orgs/{org_id}/education/notices/schools", response=list[SchoolRateOut])
@paginate(Pagination)
def school_rates(request, org_id: int, filters: Query[MonthQuery]):
    """Each school's acknowledgement figures over the month (this page's schools)."""
    org = org_for(request, org_id, Cap.EDUCATION_VIEW)
    period = period_of(filters.month)
    return queries.SchoolRates(bureau_queries.schools(request.user, org), period)
