from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "safecampus.education"
    label = "education"
    verbose_name = _("Safety education")

    def ready(self):
        from safecampus.education import registry  # noqa: F401  (scopes, labels, metrics)
