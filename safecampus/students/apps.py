from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "safecampus.students"
    label = "students"
    verbose_name = _("Students")

    def ready(self):
        from safecampus.students import registry  # noqa: F401  (scopes, audit labels)
