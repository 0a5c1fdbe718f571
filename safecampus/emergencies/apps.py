from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergenciesConfig(AppConfig):
    name = "safecampus.emergencies"
    label = "emergencies"
    verbose_name = _("Emergencies")

    def ready(self):
        from safecampus.emergencies import registry  # noqa: F401  (scopes, labels, schedule)
