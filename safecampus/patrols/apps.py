from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatrolsConfig(AppConfig):
    name = "safecampus.patrols"
    label = "patrols"
    verbose_name = _("Patrols")

    def ready(self):
        from safecampus.patrols import registry  # noqa: F401  (scopes, labels, periodic work)
