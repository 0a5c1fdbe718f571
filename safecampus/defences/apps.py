from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefencesConfig(AppConfig):
    name = "safecampus.defences"
    label = "defences"
    verbose_name = _("Three defences")

    def ready(self):
        from safecampus.defences import registry  # noqa: F401  (scopes, audit labels, metrics)
