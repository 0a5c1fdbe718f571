"""Read side of checks. Every function takes the viewer and starts from their scope."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from safecampus.core.access import has_cap, visible_orgs, visible_to
from safecampus.core.models import Attachment, Org, PostAssignment
from safecampus.core.roles import Cap
from safecampus.core.routine import RoutineRow
from safecampus.core.routine import routine as day_routine
from safecampus.inspections.models import (
    ChecklistTemplate,
    CheckTask,
    Inspection,
    InspectionResult,
    Outcome,
    Publication,
    Schedule,
    TaskStatus,
    TemplateVersion,
)


def may_do(user, task):
    """The task's person, a holder of its post, its zone's responsible, or a manager."""
    if has_cap(user, Cap.CHECK_MANAGE, task.school):
        return True
    if task.person_id is not None:
        return task.person_id == user.pk
    if task.post_id is not None:
        return PostAssignment.objects.active().filter(post_id=task.post_id, user=user).exists()
    return task.zone is not None and task.zone.responsible_id == user.pk


def can_view(user, inspection):
    """The inspector, whoever the check was given to (a manager may have done it for them),
    and the people who oversee checks."""
    return (
        inspection.inspector_id == user.pk
        or has_cap(user, Cap.CHECK_VIEW, inspection.school)
        or (inspection.task is not None and may_do(user, inspection.task))
    )


def _mine(user):
    posts = PostAssignment.objects.active().filter(user=user).values("post_id")
    return (
        Q(person=user)
        | Q(person__isnull=True, post__in=posts)
        | Q(person__isnull=True, post__isnull=True, zone__responsible=user)
    )


def my_tasks(user, school, day=None):
    """The person's checks of one day, in time order: the 流程化 sequence of their posts."""
    day = day or timezone.localdate()
    return (
        CheckTask.objects.filter(_mine(user), school=school, day=day)
        .select_related("template", "zone", "post", "inspection")
        .order_by("due_from", "template__name", "pk")
    )


def check_rows(user, school, now):
    """The person's checks today at the school, as steps of their day (registered in core's
    routine by this app's registry)."""
    rows = []
    for task in my_tasks(user, school):
        state = task_state(task, now)
        done = task.status == TaskStatus.DONE
        url = (
            task.inspection.get_absolute_url()
            if done
            else reverse("inspections:run_task", args=[school.pk, task.pk])
        )
        rows.append(
            RoutineRow(
                "check",
                task.due_from,
                task.due_by,
                task.template.name,
                str(task.zone or task.post or ""),
                state,
                "",
                url,
                done,
            )
        )
    return rows


def routine(user, school, now=None):
    """The person's day in time order (流程化): their checks, and their patrol rounds as the
    patrols app adds them through core's routine registry."""
    return day_routine(user, school, now)


def task_state(task, now=None):
    """What the page says: done (on time or late), missed, open now, or later today."""
    now = now or timezone.now()
    if task.status == TaskStatus.DONE:
        inspection = getattr(task, "inspection", None)
        return "late" if inspection is not None and inspection.late else "done"
    if task.status == TaskStatus.MISSED or task.due_by < now:
        return "missed"
    return "open" if task.due_from <= now else "later"


def _own_and_published(user, school):
    """The org's own checklists (a school's, or a bureau's) and those the bureau published to it."""
    cap = Cap.CHECK_RUN if school.is_school else Cap.CHECK_VIEW
    own = visible_to(user, ChecklistTemplate, cap).filter(school=school)
    if not school.is_school:
        return own
    published = published_templates(user=user, school=school)
    return ChecklistTemplate.objects.filter(
        Q(pk__in=own.values("pk")) | Q(pk__in=published.values("pk"))
    )


def templates(*, user, school, include_archived=False):
    qs = _own_and_published(user, school)
    if not include_archived:
        qs = qs.filter(archived=False)
    active = Q(schedules__active=True, schedules__school=school)
    if not school.is_school:
        active = Q(schedules__active=True)
    return (
        qs.annotate(schedule_count=Count("schedules", filter=active))
        .select_related("school")
        .order_by("area", "name", "pk")
    )


def adopted_from_library(*, user, school):
    """library key → id of the school's checklist made from it."""
    return dict(
        visible_to(user, ChecklistTemplate)
        .filter(school=school)
        .exclude(library_key="")
        .values_list("library_key", "pk")
    )


def schedules(*, user, school):
    return (
        visible_to(user, Schedule, Cap.CHECK_VIEW)
        .filter(school=school)
        .select_related("template", "post", "person", "zone", "publication__bureau")
        .order_by("-active", "template__name", "at", "pk")
    )


def school_schedules(*, user, school):
    """The school's schedules, to look one up by id."""
    return visible_to(user, Schedule).filter(school=school)


def inspections(*, user, school, filters=None):
    f = filters or {}
    qs = visible_to(user, Inspection).filter(school=school)
    if not has_cap(user, Cap.CHECK_VIEW, school):
        mine = CheckTask.objects.filter(_mine(user), school=school).values("pk")
        qs = qs.filter(Q(inspector=user) | Q(task__in=mine))
    if f.get("template"):
        qs = qs.filter(version__template_id=f["template"])
    if f.get("failed"):
        qs = qs.filter(failed_count__gt=0)
    if f.get("start"):
        qs = qs.filter(submitted_at__date__gte=f["start"])
    if f.get("end"):
        qs = qs.filter(submitted_at__date__lte=f["end"])
    return qs.select_related("version__template", "inspector", "zone", "task").order_by(
        "-submitted_at", "-pk"
    )


def inspection_for_page(*, user, school):
    """The school's inspections as the record page shows them (`can_view` decides who)."""
    return (
        visible_to(user, Inspection)
        .filter(school=school)
        .select_related("version__template", "inspector", "zone", "task__post")
    )


def checklists(*, user, school, include_archived=True):
    """The school's checklists (and the bureau's published to it), to look one up by id."""
    qs = _own_and_published(user, school)
    return qs if include_archived else qs.filter(archived=False)


def checklists_with_versions(*, user, school):
    """The school's checklists for the API, each with its versions newest first (with items)."""
    return with_versions(checklists(user=user, school=school))


def with_versions(templates):
    return templates.prefetch_related(
        Prefetch(
            "versions",
            queryset=TemplateVersion.objects.order_by("-number").prefetch_related("items"),
            to_attr="newest_first",
        )
    )


def version_in_use(*, user, version):
    """Whether a check was already made on this version (its items then change by a new one)."""
    return visible_to(user, Inspection).filter(version=version).exists()


def active_schedules(*, user, template, school=None):
    """The checklist's running schedules (at one school, when it is a bureau's published one)."""
    qs = visible_to(user, Schedule).filter(template=template, active=True)
    if school is not None and school.is_school:
        qs = qs.filter(school=school)
    return qs.select_related("post", "person", "zone", "school").order_by("school__path", "pk")


def tasks(*, user, school):
    """The school's checks, to look one up by id (`may_do` decides who may run it)."""
    return visible_to(user, CheckTask).filter(school=school).select_related("template", "zone")


def my_uploads(*, user, school, ids):
    """Files the user uploaded at the school earlier, named in an answer."""
    return visible_to(user, Attachment).filter(pk__in=ids, org=school, uploaded_by=user)


def my_photos(*, user, school, ids):
    """Photos the user uploaded at the school earlier, kept for an answer."""
    return my_uploads(user=user, school=school, ids=ids).filter(content_type__startswith="image/")


def results(inspection):
    return (
        InspectionResult.objects.filter(inspection=inspection)
        .select_related("item", "hazard")
        .prefetch_related("photos")
        .order_by("item__position", "pk")
    )


# Oversight -----------------------------------------------------------------------------------


def period(start=None, end=None, days=30):
    end = end or timezone.localdate()
    return start or end - timedelta(days=days - 1), end


def _counts(qs, *keys):
    """Done on time, late, missed and still open, grouped by `keys` (one query)."""
    return (
        qs.values(*keys)
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE, inspection__late=False)),
            late=Count("pk", filter=Q(status=TaskStatus.DONE, inspection__late=True)),
            missed=Count("pk", filter=Q(status=TaskStatus.MISSED)),
            open=Count("pk", filter=Q(status=TaskStatus.DUE)),
        )
        .order_by(*keys)
    )


def rate(row):
    """Share of the checks that fell due which were done (late counts as done)."""
    finished = row["done"] + row["late"] + row["missed"]
    return None if not finished else round(100 * (row["done"] + row["late"]) / finished, 1)


def school_oversight(*, school, start, end):
    tasks = CheckTask.objects.filter(school=school, day__range=(start, end))
    by_day = list(_counts(tasks, "day"))
    by_checklist = list(_counts(tasks, "template__name"))
    by_post = list(_counts(tasks.filter(post__isnull=False), "post__name"))
    by_person = list(
        Inspection.objects.filter(school=school, task__day__range=(start, end))
        .values("inspector__display_name", "inspector__username")
        .annotate(
            done=Count("pk", filter=Q(late=False)),
            late=Count("pk", filter=Q(late=True)),
            failed=Count("pk", filter=Q(failed_count__gt=0)),
        )
        .order_by("inspector__display_name", "inspector__username")
    )
    for rows in (by_day, by_checklist, by_post):
        for row in rows:
            row["rate"] = rate(row)
    totals = tasks.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=TaskStatus.DONE, inspection__late=False)),
        late=Count("pk", filter=Q(status=TaskStatus.DONE, inspection__late=True)),
        missed=Count("pk", filter=Q(status=TaskStatus.MISSED)),
        open=Count("pk", filter=Q(status=TaskStatus.DUE)),
    )
    totals["rate"] = rate(totals)
    return {
        "totals": totals,
        "by_day": by_day,
        "by_checklist": by_checklist,
        "by_post": by_post,
        "by_person": by_person,
    }


def missed_tasks(*, school, start, end):
    return (
        CheckTask.objects.filter(school=school, day__range=(start, end), status=TaskStatus.MISSED)
        .select_related("template", "post", "person", "zone__responsible")
        .order_by("-day", "due_from", "pk")
    )


def failures(*, school, start, end):
    return (
        InspectionResult.objects.filter(
            inspection__school=school,
            inspection__submitted_at__date__range=(start, end),
            outcome=Outcome.FAIL,
        )
        .select_related(
            "item",
            "hazard",
            "inspection__version__template",
            "inspection__inspector",
            "inspection__zone",
        )
        .order_by("-inspection__submitted_at", "pk")
    )


def bureau_oversight(*, user, bureau, start, end):
    """Completion per school under the bureau over the period, lowest rate first (one query)."""
    schools = {
        s.pk: s
        for s in visible_orgs(user, Cap.CHECK_VIEW).filter(path__startswith=bureau.path).schools()
    }
    rows = {
        row["school_id"]: row
        for row in _counts(
            CheckTask.objects.filter(school_id__in=schools, day__range=(start, end)), "school_id"
        )
    }
    table = []
    for pk, school in schools.items():
        row = rows.get(pk) or {"total": 0, "done": 0, "late": 0, "missed": 0, "open": 0}
        row = {**row, "school": school, "rate": rate(row)}
        table.append(row)
    # Lowest first; schools with nothing scheduled are listed first of all: that is a gap too.
    table.sort(
        key=lambda r: (r["rate"] is not None, r["rate"] or 0, r["school"].name, r["school"].pk)
    )
    return table


# Published by the bureau ---------------------------------------------------------------------


def bureau_checklists(*, user, bureau):
    """The bureau's own checklists (the ones it may publish)."""
    return visible_to(user, ChecklistTemplate, Cap.CHECK_VIEW).filter(school=bureau, archived=False)


def publications(*, user, bureau):
    """The bureau's publications, newest first, each with how many schools it went to."""
    return (
        visible_to(user, Publication, Cap.CHECK_VIEW)
        .filter(bureau=bureau)
        .select_related("template", "published_by")
        .annotate(school_count=Count("schedules"))
        .order_by("-published_at", "-pk")
    )


def publication_schools(publication):
    """The publication's schedules, one per school, in tree order (to page over)."""
    return publication.schedules.select_related("school", "post").order_by("school__path", "pk")


def publication_completion(publication, schedules, start, end):
    """Done on time, late, missed and open per school over the period: one GROUP BY for the
    schedules given (a page of them), and the totals over every school in one more query."""
    tasks = CheckTask.objects.filter(schedule__publication=publication, day__range=(start, end))
    ids = [s.pk for s in schedules]
    rows = {
        row["schedule_id"]: row for row in _counts(tasks.filter(schedule_id__in=ids), "schedule_id")
    }
    empty = {"total": 0, "done": 0, "late": 0, "missed": 0, "open": 0}
    table = []
    for schedule in schedules:
        row = {**(rows.get(schedule.pk) or empty), "schedule": schedule, "school": schedule.school}
        row["rate"] = rate(row)
        table.append(row)
    totals = tasks.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=TaskStatus.DONE, inspection__late=False)),
        late=Count("pk", filter=Q(status=TaskStatus.DONE, inspection__late=True)),
        missed=Count("pk", filter=Q(status=TaskStatus.MISSED)),
        open=Count("pk", filter=Q(status=TaskStatus.DUE)),
    )
    totals["rate"] = rate(totals)
    return table, totals


class CompletionRows:
    """The per-school completion of a publication as a sequence an API page slices: a slice
    reads its schedules and their counts (two queries), whatever the page."""

    def __init__(self, publication, start, end):
        self.publication, self.start, self.end = publication, start, end

    def __len__(self):
        return self.publication.schedules.count()

    def __getitem__(self, index):
        schedules = list(publication_schools(self.publication)[index])
        tasks = CheckTask.objects.filter(
            schedule_id__in=[s.pk for s in schedules], day__range=(self.start, self.end)
        )
        counts = {row["schedule_id"]: row for row in _counts(tasks, "schedule_id")}
        empty = {"total": 0, "done": 0, "late": 0, "missed": 0, "open": 0}
        rows = []
        for schedule in schedules:
            row = {**(counts.get(schedule.pk) or empty), "school": schedule.school}
            row["rate"] = rate(row)
            rows.append(row)
        return rows


def published_templates(*, user, school):
    """The bureau checklists published to the school: shown beside its own, not editable."""
    published = visible_to(user, Schedule).filter(school=school, publication__isnull=False)
    return ChecklistTemplate.objects.filter(pk__in=published.values("template_id"))


# Background work: no viewer ------------------------------------------------------------------


def schools_with_active_schedules():
    """Every school with a schedule running, for the nightly task generation."""
    return Org.objects.filter(pk__in=Schedule.objects.filter(active=True).values("school_id"))
