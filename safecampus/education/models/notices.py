"""Notices to guardians as templates (告家长书): the default ones every bureau starts from, and
a bureau's own, which replace the default of the same code for the schools under it. A notice
sent from a template is a students' letter to guardians (one channel), not a copy of it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeTemplate(models.Model):
    org = models.ForeignKey(
        "core.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notice template")
        verbose_name_plural = _("notice templates")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="education_notice_unique_code")
        ]

    def __str__(self):
        return self.title
