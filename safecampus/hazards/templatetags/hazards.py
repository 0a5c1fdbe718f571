from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
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


def _day(value):
    return value.strftime("%Y-%m-%d") if value else ""


@register.simple_tag
def hazard_row(h, show_school=False):
    """One line of a hazard list (a `queries.Row`): number, place, badges, category and
    description, dates and people.

    Written here rather than in an included template: a ledger page shows fifty lines, and an
    include per line, with its twenty variables and filters, made a sixth of the page's
    function calls (issue 11).
    """
    badges = []
    if h.is_overdue:
        badges.append(
            format_html('<span class="badge text-bg-danger">{}</span>', gettext("Overdue"))
        )
    if h.grade:
        badges.append(
            format_html(
                '<span class="badge {}">{}</span>', grade_badge(h.grade), h.get_grade_display
            )
        )
    badges.append(
        format_html(
            '<span class="badge {}">{}</span>', status_badge(h.status), h.get_status_display
        )
    )
    details = [_day(h.found_on)]
    if h.responsible_person:
        details.append(conditional_escape(h.responsible_person))
    if h.deadline:
        details.append(f"{conditional_escape(gettext('deadline'))} {_day(h.deadline)}")
    if h.found_by:
        found_by = gettext("found by %(bureau)s") % {"bureau": conditional_escape(h.found_by)}
        details.append(f'<span class="found-by">{found_by}</span>')
    if h.supervision_deadline:
        details.append(
            f"{conditional_escape(gettext("bureau's deadline"))} {_day(h.supervision_deadline)}"
        )
    school = format_html("{} · ", h.school.name) if show_school else ""
    return format_html(
        '<a class="list-group-item list-group-item-action" href="{}">'
        '<div class="d-flex justify-content-between gap-2 flex-wrap">'
        "<strong>#{} {}{}</strong>"
        '<span class="text-nowrap">{}</span></div>'
        '<div class="small text-muted text-truncate">{} · {}</div>'
        '<div class="small text-muted">{}</div></a>',
        h.get_absolute_url,
        h.pk,
        school,
        h.where,
        mark_safe(" ".join(badges)),
        h.get_category_display,
        Truncator(h.description).chars(80),
        mark_safe(" · ".join(details)),
    )
