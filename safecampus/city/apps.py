from django.apps import AppConfig


class CityConfig(AppConfig):
    """The city generator: project-level, so it may import every feature app (none imports it)."""

    name = "safecampus.city"
    label = "city"
    verbose_name = "City generator"
