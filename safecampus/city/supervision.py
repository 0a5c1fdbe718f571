"""The bureau's supervision: visits to every school over the last year (with their findings,
each filing one of the school's hazards found by supervision) and tasks sent down to all
schools with the schools' replies, some late, some still owed past the deadline."""

from datetime import timedelta

from safecampus.city.context import new_uuid
from safecampus.core.roles import Role
from safecampus.inspections.models import Outcome
from safecampus.supervision.models import (
    DispatchedTask,
    DispatchKind,
    DispatchStatus,
    SupervisionVisit,
    TaskRecipient,
    TaskReply,
    TaskReplyStatus,
    VisitKind,
    VisitResult,
    VisitStatus,
)

VISITS = (2, 6)  # visits a school received in the last year
EVERY_SCHOOL = {"school_kinds": [], "under": [], "boarding": None}
TASKS = 12  # tasks the city bureau sent to all its schools, one a month
TITLES = ["开学安全专项督导", "消防安全督导检查", "食品安全督导", "防溺水专项督导"]
TASK_TITLES = ["上报安全隐患排查情况", "报送应急演练总结", "填报消防设施检查表"]


def grow(city):
    rng = city.rng("supervision")
    w = city.writer
    inspector = city.bureau_users[Role.BUREAU_INSPECTOR]
    admin = city.bureau_users[Role.BUREAU_ADMIN]
    _visits(city, rng, w, inspector, admin)
    _tasks(city, rng, w, admin)


def _visits(city, rng, w, inspector, admin):
    visits, results = [], []
    counts = [rng.randint(*VISITS) for _ in city.schools]
    visit_id = w.ids(SupervisionVisit, sum(counts))
    for school, count in zip(city.schools, counts, strict=True):
        found = list(school.visit_hazards)
        for n in range(count):
            # The last visit of a school may still be ahead (planned) or under way today.
            back = rng.uniform(-14, 360) if n == count - 1 else rng.uniform(20, 360)
            day = city.today - timedelta(days=int(back))
            created = city.at(int(back) + 10) if back > 0 else city.at(10)
            row = {
                "status": VisitStatus.PLANNED,
                "started": None,
                "issued": None,
                "rectify_by": None,
                "responded": None,
                "closed": None,
            }
            if back >= 1:
                started = city.at(int(back), 9 * 3600)
                issued = started + timedelta(hours=3)
                status = (
                    VisitStatus.CLOSED
                    if back > 45
                    else rng.choice([VisitStatus.ISSUED, VisitStatus.RESPONDED, VisitStatus.CLOSED])
                )
                row.update(
                    status=status,
                    started=started,
                    issued=issued,
                    rectify_by=(issued + timedelta(days=30)).date(),
                )
                if status in (VisitStatus.RESPONDED, VisitStatus.CLOSED):
                    row["responded"] = issued + timedelta(days=rng.uniform(3, 20))
                if status == VisitStatus.CLOSED:
                    row["closed"] = row["responded"] + timedelta(days=rng.uniform(1, 10))
                # One result per item; a failed item files one of the school's hazards found
                # by supervision around that day.
                near = [h for h in found if abs((h[1] - started).days) < 30][:2]
                for h in near:
                    found.remove(h)
                failed = dict(zip(school.checklist_items, near, strict=False))
                for item in school.checklist_items:
                    hazard = failed.get(item)
                    results.append(
                        [
                            visit_id,
                            item,
                            Outcome.FAIL if hazard else Outcome.PASS,
                            "现场发现问题" if hazard else "",
                            hazard[0] if hazard else None,
                            inspector,
                            started + timedelta(hours=1),
                            new_uuid(rng),
                        ]
                    )
            visits.append(
                [
                    visit_id,
                    city.bureau_id,
                    school.id,
                    new_uuid(rng),
                    rng.choice(VisitKind.values),
                    rng.choice(TITLES),
                    day,
                    school.checklist_version or None,
                    inspector,
                    row["status"],
                    admin,
                    created,
                    row["started"],
                    row["issued"],
                    "请按整改通知书限期整改" if row["issued"] else "",
                    row["rectify_by"],
                    "rectification" if row["responded"] else "",
                    "已按要求整改" if row["responded"] else "",
                    school.one(Role.PRINCIPAL) if row["responded"] else None,
                    row["responded"],
                    "复查合格" if row["closed"] else "",
                    inspector if row["closed"] else None,
                    row["closed"],
                ]
            )
            visit_id += 1
    w.write(
        SupervisionVisit,
        [
            "id",
            "bureau_id",
            "school_id",
            "plan_id",
            "kind",
            "title",
            "planned_on",
            "version_id",
            "lead_id",
            "status",
            "created_by_id",
            "created_at",
            "started_at",
            "issued_at",
            "opinion",
            "rectify_by",
            "response_kind",
            "response_text",
            "responded_by_id",
            "responded_at",
            "recheck_note",
            "closed_by_id",
            "closed_at",
        ],
        visits,
    )
    first = w.ids(VisitResult, len(results))
    w.write(
        VisitResult,
        [
            "id",
            "visit_id",
            "item_id",
            "outcome",
            "note",
            "hazard_id",
            "recorded_by_id",
            "recorded_at",
            "client_uuid",
        ],
        [[first + n, *row] for n, row in enumerate(results)],
    )


def _tasks(city, rng, w, admin):
    tasks, recipients, replies = [], [], []
    task_id = w.ids(DispatchedTask, TASKS)
    recipient_id = w.ids(TaskRecipient, TASKS * len(city.schools))
    for n in range(TASKS):
        sent = city.at(30 * n + 3, 8 * 3600)
        deadline = sent + timedelta(days=10)
        past = deadline < city.midnight
        # The older tasks are closed; the two latest are open, one of them past its deadline.
        status = DispatchStatus.CLOSED if n >= 2 else DispatchStatus.OPEN
        tasks.append(
            [
                task_id,
                city.bureau_id,
                DispatchKind.TASK,
                rng.choice(TASK_TITLES),
                "请各校按要求报送。",
                deadline,
                True,
                False,
                [],
                EVERY_SCHOOL,
                status,
                admin,
                sent,
            ]
        )
        for school in city.schools:
            draw = rng.random()
            owed = past and status == DispatchStatus.OPEN and draw < 0.1
            if owed or (not past and draw < 0.5):
                reply_status, submitted = TaskReplyStatus.PENDING, None
            else:
                reply_status = TaskReplyStatus.ACCEPTED if past else TaskReplyStatus.REPLIED
                late = past and draw > 0.9
                submitted = (
                    deadline + timedelta(days=rng.uniform(0.5, 5))
                    if late
                    else sent + timedelta(days=rng.uniform(0.2, 9))
                )
                replies.append(
                    [
                        recipient_id,
                        "已完成，详见附件。",
                        school.one(Role.SAFETY_OFFICER),
                        submitted,
                        submitted > deadline,
                        admin if past else None,
                        submitted + timedelta(days=1) if past else None,
                    ]
                )
            read = sent + timedelta(hours=rng.uniform(1, 48))
            recipients.append(
                [
                    recipient_id,
                    task_id,
                    school.id,
                    reply_status,
                    read,
                    school.one(Role.SAFETY_OFFICER),
                ]
            )
            recipient_id += 1
        task_id += 1
    w.write(
        DispatchedTask,
        [
            "id",
            "sender_id",
            "kind",
            "title",
            "body",
            "deadline",
            "needs_text",
            "needs_attachments",
            "figures",
            "target",
            "status",
            "created_by_id",
            "sent_at",
        ],
        tasks,
    )
    w.write(
        TaskRecipient, ["id", "task_id", "school_id", "status", "read_at", "read_by_id"], recipients
    )
    first = w.ids(TaskReply, len(replies))
    w.write(
        TaskReply,
        [
            "id",
            "recipient_id",
            "text",
            "submitted_by_id",
            "submitted_at",
            "late",
            "reviewed_by_id",
            "reviewed_at",
        ],
        [[first + n, *row] for n, row in enumerate(replies)],
    )
