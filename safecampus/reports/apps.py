from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "safecampus.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from safecampus.reports import registry  # noqa: F401  (scopes, audit labels, demo)
