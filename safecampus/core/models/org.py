"""The org tree: province → city → district → street/township → school, one materialised path."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street / township")
    SCHOOL = "school", _("School")


# Which kind of node may sit under which: the tree is always in this order.
ALLOWED_CHILD_KINDS = {
    None: {OrgKind.PROVINCE, OrgKind.CITY, OrgKind.DISTRICT},
    OrgKind.PROVINCE: {OrgKind.CITY},
    OrgKind.CITY: {OrgKind.DISTRICT},
    OrgKind.DISTRICT: {OrgKind.STREET, OrgKind.SCHOOL},
    OrgKind.STREET: {OrgKind.SCHOOL},
    OrgKind.SCHOOL: set(),
}


class SchoolKind(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary school")
    SENIOR = "senior", _("Senior secondary school")
    NINE_YEAR = "nine_year", _("Nine-year school")
    VOCATIONAL = "vocational", _("Vocational school")


class OrgQuerySet(models.QuerySet):
    def schools(self):
        return self.filter(kind=OrgKind.SCHOOL)

    def under(self, org, include_self=True):
        qs = self.filter(path__startswith=org.path)
        return qs if include_self else qs.exclude(pk=org.pk)


class Org(models.Model):
    """A node of the administrative tree. Bureaus are the province/city/district/street nodes."""

    kind = models.CharField(_("kind"), max_length=16, choices=OrgKind.choices)
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=32, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/1/4/17/": the ids from the root down. Everything under a node is one prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    # School profile (blank on bureau nodes).
    school_kind = models.CharField(
        _("school kind"), max_length=16, choices=SchoolKind.choices, blank=True
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    day_students = models.PositiveIntegerField(
        _("day students"), default=0, validators=[MinValueValidator(0)]
    )
    boarding_students = models.PositiveIntegerField(
        _("boarding students"), default=0, validators=[MinValueValidator(0)]
    )
    staff_count = models.PositiveIntegerField(_("staff"), default=0)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    emergency_phone = models.CharField(_("emergency phone"), max_length=32, blank=True)

    # The last audit sequence number written for this org: the head of its audit chain, so a
    # deleted tail is as visible as a deleted middle. Also the row locked while appending.
    audit_seq = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="school") | models.Q(school_kind=""),
                name="org_school_kind_only_on_schools",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_school(self):
        return self.kind == OrgKind.SCHOOL

    @property
    def is_bureau(self):
        return self.kind != OrgKind.SCHOOL

    @property
    def enrolment(self):
        return self.day_students + self.boarding_students

    def ancestor_ids(self):
        """Ids from the root down to this node, itself included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def ancestors(self):
        return Org.objects.filter(pk__in=self.ancestor_ids()).order_by("depth")
