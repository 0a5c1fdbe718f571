from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransportConfig(AppConfig):
    name = "safecampus.transport"
    label = "transport"
    verbose_name = _("School transport")

    def ready(self):
        from safecampus.transport import registry  # noqa: F401  (scopes, labels, metrics, demo)
