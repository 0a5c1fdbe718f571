"""The bureau's cadence over the API: the rules in force (and setting them), compliance per
inspector-week and per school; a visit's notice as a file."""

from datetime import date

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from safecampus.core.api_helpers import org_for
from safecampus.core.docx import DOCX_CONTENT_TYPE
from safecampus.core.pagination import Pagination
from safecampus.core.roles import Cap
from safecampus.supervision.exports import visitdocs as exports
from safecampus.supervision.queries import visitdocs as queries
from safecampus.supervision.rules import rules_for
from safecampus.supervision.services import visitdocs as services

router = Router()


class RulesOut(Schema):
    org_id: int | None
    name: str
    source: str
    visits_per_inspector_week: int
    visits_per_school_semester: int
    comprehensive_min_inspectors: int
    reminder_days: int
    own: bool


class RulesIn(Schema):
    visits_per_inspector_week: int = Field(ge=0, le=50)
    visits_per_school_semester: int = Field(ge=0, le=50)
    comprehensive_min_inspectors: int = Field(ge=1, le=20)
    reminder_days: int = Field(ge=0, le=30)
    source: str = Field("", max_length=services.SOURCE_MAX)


def _rules_out(rules, org):
    return {
        "org_id": rules.org_id,
        "name": rules.name,
        "source": rules.source,
        **{name: getattr(rules, name) for name in services.FIGURES},
        "own": rules.org_id == org.pk,
    }


def _bureau(request, org_id, capability):
    org = org_for(request, org_id, capability)
    queries.require_bureau(org)
    return org


@router.get("/orgs/{org_id}/supervision/rules", response=RulesOut)
def get_rules(request, org_id: int):
    org = _bureau(request, org_id, Cap.SUPERVISION_VIEW)
    return _rules_out(rules_for(org), org)


@router.put("/orgs/{org_id}/supervision/rules", response=RulesOut)
def put_rules(request, org_id: int, payload: RulesIn):
    org = _bureau(request, org_id, Cap.SUPERVISION_RULES)
    rules = services.set_rules(actor=request.user, org=org, **payload.dict())
    return _rules_out(rules, org)


class WeekOut(Schema):
    week_start: date
    schools: int
    met: bool


class InspectorOut(Schema):
    user_id: int
    name: str
    required: int
    rules_source: str
    weeks: list[WeekOut]


@router.get("/orgs/{org_id}/supervision/compliance/inspectors", response=list[InspectorOut])
def inspector_compliance(request, org_id: int):
    org = _bureau(request, org_id, Cap.SUPERVISION_MANAGE)
    _mondays, rows = queries.inspector_compliance(org)
    return [
        {
            "user_id": row.user.pk,
            "name": str(row.user),
            "required": row.rules.visits_per_inspector_week,
            "rules_source": row.rules.source or row.rules.name,
            "weeks": [{"week_start": m, "schools": n, "met": met} for m, n, met in row.weeks],
        }
        for row in rows
    ]


class CadenceSchoolOut(Schema):
    school_id: int = Field(alias="pk")
    school: str = Field(alias="name")
    visits: int = Field(alias="semester_visits")
    required: int
    met: bool

    @staticmethod
    def resolve_met(obj):
        return obj.semester_visits >= obj.required


@router.get("/orgs/{org_id}/supervision/compliance/schools", response=list[CadenceSchoolOut])
@paginate(Pagination, page_size=50)
def school_compliance(request, org_id: int, short: bool = False):
    """Visits this semester (the bureau's term, else the calendar half-year) per school."""
    org = _bureau(request, org_id, Cap.SUPERVISION_MANAGE)
    return queries.school_compliance(org, queries.semester(org), short_only=short)


def _attachment(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@router.get("/supervision/visits/{visit_id}/notice.pdf")
def notice_pdf(request, visit_id: int):
    """The issued visit's notice (督导意见书 / 整改通知书) as PDF; 404 before it is issued."""
    visit = queries.notice_visit(request.user, visit_id)
    pdf = exports.notice_pdf(visit, request.build_absolute_uri("/"))
    return _attachment(pdf, exports.notice_filename(visit, "pdf"), "application/pdf")


@router.get("/supervision/visits/{visit_id}/notice.docx")
def notice_docx(request, visit_id: int):
    """The same notice as an editable Word file."""
    visit = queries.notice_visit(request.user, visit_id)
    return _attachment(
        exports.notice_docx(visit),
        exports.notice_filename(visit, "docx"),
        DOCX_CONTENT_TYPE,
    )
