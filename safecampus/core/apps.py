from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "safecampus.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Importing checks registers the deploy checks; the kernel adds its own summary part.
        from safecampus.core import checks, reporting  # noqa: F401

        reporting.register_parts(reporting.KERNEL_PARTS)
