from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "safecampus.risks"
    label = "risks"
    verbose_name = _("Risks")

    def ready(self):
        from safecampus.risks import registry  # noqa: F401  (scopes, labels, hazard hook)
