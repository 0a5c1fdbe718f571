from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()

# What a timeline line calls each step, looked up once per event instead of a chain of
# {% if %} and {% translate %} in an include per event.
EVENT_TITLES = {
    "report": _("Reported"),
    "confirm": _("Confirmed"),
    "reject": _("Not a hazard"),
    "merge": _("Merged as a duplicate"),
    "merged_in": _("A duplicate was merged in"),
    "assign": _("Assigned"),
    "reassign": _("Five items changed"),
    "rectify": _("Rectified"),
    "request_extension": _("Extension requested"),
    "grant_extension": _("Extension granted"),
    "refuse_extension": _("Extension refused"),
    "accept": _("Accepted"),
    "send_back": _("Sent back"),
    "bureau_send_back": _("Sent back by the bureau"),
    "sign_off": _("Signed off by the bureau"),
    "supervise": _("Bureau comment"),
    "import": _("Imported"),
}

BADGES = {
    "reported": "text-bg-secondary",
    "confirmed": "text-bg-info",
    "rectifying": "text-bg-warning",
    "rectified": "text-bg-primary",
    "accepted": "text-bg-primary",
    "closed": "text-bg-success",
    "rejected": "text-bg-light",
    "merged": "text-bg-light",
}


@register.filter
def status_badge(status):
    return BADGES.get(status, "text-bg-light")


@register.filter
def grade_badge(grade):
    return "text-bg-danger" if grade == "major" else "text-bg-warning"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def event_title(event):
    """A timeline step's name, and the status it moved the hazard to."""
    title = conditional_escape(EVENT_TITLES.get(event.action, event.action))
    if event.to_status and event.from_status != event.to_status:
        moved = format_html(
            ' <span class="badge text-bg-light">→ {}</span>', event.get_to_status_display()
        )
        return mark_safe(f"{title}{moved}")
    return title
