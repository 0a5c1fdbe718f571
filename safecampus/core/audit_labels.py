"""Human names of audit actions, shown on the trail and the home page. Apps add theirs."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "org.create": _("Organisation created"),
    "school.update": _("School profile edited"),
    "zone.create": _("Zone added"),
    "zone.update": _("Zone edited"),
    "zone.move": _("Zone moved"),
    "zone.delete": _("Zone deleted"),
    "post.create": _("Post added"),
    "post.update": _("Post edited"),
    "post.assign": _("Person assigned to post"),
    "post.unassign": _("Post assignment ended"),
    "person.add": _("Staff added"),
    "person.department": _("Department changed"),
    "person.deactivate": _("Person deactivated"),
    "role.grant": _("Role given"),
    "role.end": _("Role ended"),
    "department.create": _("Department added"),
    "letter.issue": _("Responsibility letter issued"),
    "letter.sign": _("Responsibility letter signed"),
    "calendar.term_add": _("Term added"),
    "calendar.day_add": _("Holiday or make-up day added"),
    "calendar.remove": _("Calendar entry removed"),
}


def register_labels(labels):
    ACTION_LABELS.update(labels)


def action_label(action):
    return ACTION_LABELS.get(action, action)
