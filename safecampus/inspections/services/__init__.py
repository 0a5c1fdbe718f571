"""Every change to checklists, schedules, tasks and inspections, one function per action."""

from safecampus.inspections.services.inspections import (
    AnswersInvalid,
    keep_photos,
    submit_inspection,
)
from safecampus.inspections.services.publications import publish, withdraw
from safecampus.inspections.services.schedules import (
    create_schedule,
    generate_tasks,
    mark_missed,
    stop_schedule,
)
from safecampus.inspections.services.templates import (
    add_item,
    adopt_from_library,
    archive_template,
    create_template,
    move_item,
    remove_item,
    update_item,
)

__all__ = [
    "AnswersInvalid",
    "add_item",
    "adopt_from_library",
    "archive_template",
    "create_schedule",
    "create_template",
    "generate_tasks",
    "keep_photos",
    "mark_missed",
    "move_item",
    "publish",
    "remove_item",
    "stop_schedule",
    "submit_inspection",
    "update_item",
    "withdraw",
]
