"""Settings of the alarm test's own ASGI server: the product's, with the suite's fast password
hasher, which the copy of the demo it serves was loaded with."""

from safecampus.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
