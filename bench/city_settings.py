"""The product's settings, with one change for bench/city.py: static files are served unhashed.

With debug off the product uses the manifest storage, which needs a `collectstatic` run first;
the bench spares that step. Hashed or not, a page costs the same dictionary lookup per static
URL, so the timings are those of the product.
"""

from safecampus.settings import *  # noqa: F403
from safecampus.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
