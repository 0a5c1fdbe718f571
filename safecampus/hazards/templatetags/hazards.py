from django import template

register = template.Library()

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
