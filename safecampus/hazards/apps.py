from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "safecampus.hazards"
    label = "hazards"
    verbose_name = _("Hazards")

    def ready(self):
        from safecampus.hazards import registry  # noqa: F401  (scopes, labels, schedule)
