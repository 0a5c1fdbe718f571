from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "safecampus.inspections"
    label = "inspections"
    verbose_name = _("Checks")

    def ready(self):
        from safecampus.inspections import registry  # noqa: F401  (scopes, labels, periodic work)
