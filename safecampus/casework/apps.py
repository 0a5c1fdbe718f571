from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "safecampus.casework"
    label = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from safecampus.casework import registry  # noqa: F401  (scopes, labels, periodic work)
