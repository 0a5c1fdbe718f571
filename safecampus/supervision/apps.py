from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "safecampus.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from safecampus.supervision import registry  # noqa: F401  (scopes, audit labels, guards)
