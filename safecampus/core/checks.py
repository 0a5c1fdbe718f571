"""Deployment checks of the kernel's own settings (run by `check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_key_is_configured(app_configs, **kwargs):
    if settings.SAFECAMPUS_AUDIT_KEY:
        return []
    return [
        Warning(
            "SAFECAMPUS_AUDIT_KEY is not set: the audit anchors are signed with a key file under"
            " the var folder, on the same machine as the data they protect.",
            hint="Set SAFECAMPUS_AUDIT_KEY (or SAFECAMPUS_AUDIT_KEY_FILE); see docs/deploy.md.",
            id="safecampus.W001",
        )
    ]
