from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GateConfig(AppConfig):
    name = "safecampus.gate"
    label = "gate"
    verbose_name = _("Gate")

    def ready(self):
        from safecampus.gate import registry  # noqa: F401  (scopes, audit labels, guards)
