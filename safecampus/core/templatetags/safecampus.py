from django import template

from safecampus.core.audit_labels import action_label as label_of

register = template.Library()


@register.filter
def action_label(action):
    return label_of(action)
