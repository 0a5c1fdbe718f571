from django import template
from django.conf import settings

from safecampus.core.audit_labels import action_label as label_of

register = template.Library()


@register.filter
def action_label(action):
    return label_of(action)


@register.simple_tag
def upload_limit_mb():
    """The upload limit in whole MB, for the page to refuse a larger file before sending it."""
    return settings.SAFECAMPUS_MAX_UPLOAD_BYTES // (1024 * 1024)
