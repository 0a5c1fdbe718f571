"""Uploaded photos and documents. Stored under random names, served only through a scoped view."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def attachment_path(instance, filename):
    # The name on disk says nothing about the content or who uploaded it.
    return f"attachments/{instance.org_id}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    org = models.ForeignKey("core.Org", on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # Empty for anonymous and public uploads: a photo must not reveal who reported.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name

    EXTENSIONS = {
        "image/jpeg": ".jpg",
        "image/png": ".png",
        "image/webp": ".webp",
        "application/pdf": ".pdf",
    }

    @property
    def extension(self):
        return self.EXTENSIONS.get(self.content_type, ".bin")

    @property
    def is_image(self):
        return self.content_type.startswith("image/")
