from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "safecampus.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self):
        from safecampus.assessment import registry  # noqa: F401  (scope, audit label, home panel)
