"""Checklists with a version and items, schedules, a task per due day, and the checks done."""

from datetime import time, timedelta

from safecampus.city.context import new_uuid
from safecampus.core.roles import Role
from safecampus.hazards.models import Category
from safecampus.inspections.models import (
    Area,
    ChecklistItem,
    ChecklistTemplate,
    CheckTask,
    Inspection,
    InspectionResult,
    Outcome,
    Recurrence,
    Schedule,
    TaskStatus,
    TemplateVersion,
)

# name, area, recurrence, who, start, items
CHECKLISTS = [
    (
        "每日校门安全检查",
        Area.GATE,
        Recurrence.WEEKDAYS,
        Role.GUARD,
        time(7, 0),
        [
            "门卫值守到岗",
            "一键报警装置自检",
            "防冲撞设施到位",
            "访客登记完整",
            "监控运行正常",
            "护学岗人员到位",
        ],
    ),
    (
        "消防设施周检",
        Area.FIRE,
        Recurrence.WEEKLY,
        Role.SAFETY_OFFICER,
        time(9, 0),
        [
            "灭火器压力正常",
            "消防通道畅通",
            "应急照明完好",
            "安全出口标志完好",
            "消火栓无遮挡",
            "烟感报警器正常",
        ],
    ),
]


def grow(city):
    rng = city.rng("inspections")
    w = city.writer
    n = len(city.schools) * len(CHECKLISTS)
    n_items = sum(len(c[5]) for c in CHECKLISTS)
    template_id = w.ids(ChecklistTemplate, n)
    version_id = w.ids(TemplateVersion, n)
    schedule_id = w.ids(Schedule, n)
    item_id = w.ids(ChecklistItem, n_items * len(city.schools))
    templates, versions, items, schedules, tasks = [], [], [], [], []
    inspections, results = [], []
    created = city.at(city.days + 30)
    for school in city.schools:
        for name, area, recurrence, role, start, texts in CHECKLISTS:
            person = school.one(role)
            templates.append([template_id, school.id, name, area, "", "", False, created])
            versions.append([version_id, template_id, 1, school.one(Role.SAFETY_OFFICER), created])
            version_items = []
            for position, text in enumerate(texts, 1):
                items.append(
                    [
                        item_id,
                        version_id,
                        position,
                        "",
                        text,
                        "pass_fail",
                        None,
                        None,
                        "",
                        True,
                        Category.OTHER,
                    ]
                )
                version_items.append(item_id)
                item_id += 1
            if not school.checklist_items:
                school.checklist_version, school.checklist_items = version_id, version_items
            weekly = recurrence == Recurrence.WEEKLY
            schedules.append(
                [
                    schedule_id,
                    school.id,
                    template_id,
                    None,
                    person,
                    None,
                    recurrence,
                    0 if weekly else None,
                    None,
                    start,
                    60,
                    (created).date(),
                    None,
                    True,
                    True,
                    created,
                ]
            )
            for back in range(city.days, -1, -1):
                day = city.today - timedelta(days=back)
                if day.weekday() >= 5 or (weekly and day.weekday() != 0):
                    continue
                due_from = city.at(back, start.hour * 3600)
                due_by = due_from + timedelta(minutes=60)
                if back == 0:
                    status = TaskStatus.DUE
                else:
                    status = TaskStatus.DONE if rng.random() < 0.88 else TaskStatus.MISSED
                tasks.append(
                    [
                        schedule_id,
                        school.id,
                        template_id,
                        None,
                        person,
                        None,
                        day,
                        due_from,
                        due_by,
                        status,
                    ]
                )
                if status == TaskStatus.DONE:
                    submitted = due_from + timedelta(minutes=rng.uniform(5, 75))
                    outcomes = [
                        Outcome.FAIL if rng.random() < 0.05 else Outcome.PASS for _ in version_items
                    ]
                    inspections.append(
                        [
                            version_id,
                            len(tasks) - 1,
                            person,
                            new_uuid(rng),
                            submitted,
                            submitted,
                            submitted > due_by,
                            outcomes.count(Outcome.FAIL),
                        ],
                    )
                    results.append(list(zip(version_items, outcomes, strict=False)))
            template_id += 1
            version_id += 1
            schedule_id += 1
    w.write(
        ChecklistTemplate,
        ["id", "school_id", "name", "area", "description", "library_key", "archived", "created_at"],
        templates,
    )
    w.write(
        TemplateVersion, ["id", "template_id", "number", "created_by_id", "created_at"], versions
    )
    w.write(
        ChecklistItem,
        [
            "id",
            "version_id",
            "position",
            "group",
            "text",
            "kind",
            "min_value",
            "max_value",
            "unit",
            "photo_on_fail",
            "category",
        ],
        items,
    )
    w.write(
        Schedule,
        [
            "id",
            "school_id",
            "template_id",
            "post_id",
            "person_id",
            "zone_id",
            "recurrence",
            "weekday",
            "day_number",
            "at",
            "window_minutes",
            "starts_on",
            "ends_on",
            "school_days_only",
            "active",
            "created_at",
        ],
        schedules,
    )
    first_task = w.ids(CheckTask, len(tasks))
    w.write(
        CheckTask,
        [
            "id",
            "schedule_id",
            "school_id",
            "template_id",
            "post_id",
            "person_id",
            "zone_id",
            "day",
            "due_from",
            "due_by",
            "status",
        ],
        [[first_task + i, *row] for i, row in enumerate(tasks)],
    )
    first_inspection = w.ids(Inspection, len(inspections))
    rows, result_rows = [], []
    for i, (version, task_index, person, uid, submitted, device, late, failed) in enumerate(
        inspections
    ):
        pk = first_inspection + i
        school_id = tasks[task_index][1]
        rows.append(
            [
                pk,
                school_id,
                version,
                first_task + task_index,
                None,
                person,
                uid,
                device,
                submitted,
                late,
                failed,
                "",
            ]
        )
        for item, outcome in results[i]:
            result_rows.append(
                [pk, item, outcome, None, "" if outcome == Outcome.PASS else "不合格", None]
            )
    w.write(
        Inspection,
        [
            "id",
            "school_id",
            "version_id",
            "task_id",
            "zone_id",
            "inspector_id",
            "client_uuid",
            "device_time",
            "submitted_at",
            "late",
            "failed_count",
            "note",
        ],
        rows,
    )
    first_result = w.ids(InspectionResult, len(result_rows))
    w.write(
        InspectionResult,
        ["id", "inspection_id", "item_id", "outcome", "number", "text", "hazard_id"],
        [[first_result + i, *row] for i, row in enumerate(result_rows)],
    )
