from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import json_script
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.audit_labels import action_label as label_of

register = template.Library()


@register.filter
def action_label(action):
    return label_of(action)


@register.simple_tag
def upload_limit_mb():
    """The upload limit in whole MB, for the page to refuse a larger file before sending it."""
    return settings.SAFECAMPUS_MAX_UPLOAD_BYTES // (1024 * 1024)


# Rendered parts of pages, by what they depend on; cleared when full (a city holds a few
# thousand menus).
_RENDERED = {}
_RENDERED_HELD = 4096


def _rendered(key, template_name, context):
    """`template_name` rendered with `context`, once a process for each `key` (every time in
    debug, so that an edited template shows)."""
    part = _RENDERED.get(key)
    if part is None:
        part = render_to_string(template_name, context)
        if not settings.DEBUG:
            if len(_RENDERED) >= _RENDERED_HELD:
                _RENDERED.clear()
            _RENDERED[key] = part
    return part


@register.simple_tag
def fixed_part(template_name):
    """A part of every page that depends only on the language: the static files' URLs, fixed
    links, the phone queue's words."""
    key = ("part", template_name, get_language(), get_script_prefix())
    return _rendered(key, template_name, {})


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The main menu. Its links depend only on the person's home org, what they may do there and
    the language, so a process renders each such menu once: otherwise its 28 capability checks
    and 30 URLs took a fifth of a hazard page's time."""
    org, user = context.get("home_org"), context.get("user")
    if org is None or user is None:
        return ""
    caps = context.get("home_caps") or frozenset()
    key = ("menu", get_language(), get_script_prefix(), org.pk, org.kind, org.school_kind, caps,
           user.is_superuser)  # fmt: skip
    context = {"home_org": org, "home_caps": caps, "user": user}
    return _rendered(key, "core/includes/main_nav.html", context)


class IfCanNode(template.Node):
    def __init__(self, caps, org, allowed, refused):
        self.caps, self.org, self.allowed, self.refused = caps, org, allowed, refused

    def render(self, context):
        user = context.get("user") or getattr(context.get("request"), "user", None)
        org = self.org.resolve(context)
        caps = [cap.resolve(context) for cap in self.caps]
        may = user is not None and org is not None and any(has_cap(user, cap, org) for cap in caps)
        return (self.allowed if may else self.refused).render(context)


@register.tag("if_can")
def if_can(parser, token):
    """`{% if_can "post.view" school %}<a ...>{% else %}...{% endif_can %}`: the block shows
    only when the person may follow it, i.e. holds one of the capabilities in that org.

    Every link to a page guarded by a capability is wrapped in this one helper, so a link is
    never shown to someone the page would answer 403 (a test crawls every role's pages)."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% if_can %} takes one or more capabilities and an org")
    caps = [parser.compile_filter(bit) for bit in bits[1:-1]]
    org = parser.compile_filter(bits[-1])
    allowed = parser.parse(("else", "endif_can"))
    refused = template.NodeList()
    if parser.next_token().contents == "else":
        refused = parser.parse(("endif_can",))
        parser.delete_first_token()
    return IfCanNode(caps, org, allowed, refused)


@register.simple_tag
def queue_strings():
    """The phone queue's words in the page's language, as a JSON block queue.js reads (a
    script of type application/json is data, so the strict CSP lets it be). It is part of
    core/includes/page_scripts.html, written once a process for each language."""
    strings = {
        "saved": _(
            "No signal: saved on this phone. It will be sent when the signal returns; "
            "nothing you entered is lost."
        ),
        "waiting": _("Waiting"),
        "refused": _("Refused"),
        "login": _("Log in again to send it."),
        "retry": _("Send again"),
        "discard": _("Discard"),
        "discardConfirm": _("Discard this for good? What you entered is lost."),
        "open": _("Open the form"),
        "sent": _("Sent."),
        "notAccepted": _("The server did not accept this; open the form to see why."),
        "full": _(
            "This phone's storage is full: nothing was saved. Free some space and try again."
        ),
        "badge": _("Waiting to be sent"),
        # A queued form's label with what tells it apart: "Hazard report: 3F corridor".
        "withDetail": _("%(label)s: %(detail)s"),
    }
    return json_script(strings, "queue-strings")
