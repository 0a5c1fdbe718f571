"""Checklist templates and their items. An edit to a version already used by an inspection
goes to a new version, so past inspections keep the items they answered."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.hazards.models import Category
from safecampus.inspections.library import BY_KEY
from safecampus.inspections.models import (
    Area,
    ChecklistItem,
    ChecklistTemplate,
    CheckTask,
    Inspection,
    ItemKind,
    TaskStatus,
    TemplateVersion,
)

ITEM_FIELDS = [
    "group",
    "text",
    "kind",
    "help_text",
    "min_value",
    "max_value",
    "unit",
    "photo_on_fail",
    "category",
]


def current_version(template):
    return template.versions.order_by("-number").first()


def _clean_item(fields):
    fields = {k: fields.get(k) for k in ITEM_FIELDS if k in fields}
    fields["text"] = (fields.get("text") or "").strip()
    if not fields["text"]:
        raise DomainError(_("Write what is to be checked."))
    if fields.get("kind", ItemKind.PASS_FAIL) not in ItemKind.values:
        raise DomainError(_("Choose how the item is answered."))
    if fields.get("category", Category.OTHER) not in Category.values:
        raise DomainError(_("Choose a hazard category."))
    low, high = fields.get("min_value"), fields.get("max_value")
    if fields.get("kind") != ItemKind.NUMBER:
        fields["min_value"] = fields["max_value"] = None
        fields["unit"] = ""
    elif low is not None and high is not None and Decimal(low) > Decimal(high):
        raise DomainError(_("The lowest allowed value is above the highest."))
    for key in ("group", "help_text", "unit"):
        fields[key] = (fields.get(key) or "").strip()
    return fields


def _name_free(school, name, exclude=None):
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the checklist a name."))
    clash = ChecklistTemplate.objects.filter(school=school, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise DomainError(_("This school already has a checklist with that name."))
    return name


def require_owner(actor, org):
    """A school's checklists are managed at the school (check.manage); a bureau's, which it
    publishes to its schools, by the bureau's people (check.publish), never by a school."""
    if org.is_school:
        require(actor, Cap.CHECK_MANAGE, org)
    elif not has_cap(actor, Cap.CHECK_PUBLISH, org):
        raise PermissionRefused(
            _("The bureau published this checklist: only the bureau can change it.")
        )


@transaction.atomic
def create_template(*, actor, school, name, area, description="", items=(), library_key=""):
    require_owner(actor, school)
    if area not in Area.values:
        raise DomainError(_("Choose an area."))
    template = ChecklistTemplate.objects.create(
        school=school,
        name=_name_free(school, name),
        area=area,
        description=(description or "").strip(),
        library_key=library_key,
    )
    version = TemplateVersion.objects.create(template=template, number=1, created_by=actor)
    for position, fields in enumerate(items, 1):
        ChecklistItem.objects.create(version=version, position=position, **_clean_item(fields))
    audit.record(
        actor=actor,
        org=school,
        action="check.template_create",
        obj=template,
        changes={"name": name},
    )
    return template


def library_items(entry):
    items = []
    for group, text, kind, help_text, extra in entry.items:
        items.append(
            {
                "group": group,
                "text": text,
                "kind": kind,
                "help_text": help_text,
                "min_value": extra.get("min"),
                "max_value": extra.get("max"),
                "unit": extra.get("unit", ""),
                "photo_on_fail": extra.get("photo_on_fail", True),
                "category": extra.get("category", entry.category),
            }
        )
    return items


def adopt_from_library(*, actor, school, key):
    """Copy a starter-library checklist into the school, once."""
    entry = BY_KEY.get(key)
    if entry is None:
        raise DomainError(_("There is no such checklist in the library."))
    existing = ChecklistTemplate.objects.filter(school=school, library_key=key).first()
    if existing is not None:
        require_owner(actor, school)
        return existing
    return create_template(
        actor=actor,
        school=school,
        name=entry.name,
        area=entry.area,
        description=f"{entry.description}\n{_('Source:')} {entry.source}",
        items=library_items(entry),
        library_key=key,
    )


def _working_version(actor, template):
    """The version edits go to: the current one, or a copy of it once it has been used.

    Returns (version, {old item id: item in the returned version}).
    """
    version = current_version(template)
    items = list(version.items.all())
    if not Inspection.objects.filter(version=version).exists():
        return version, {item.pk: item for item in items}
    new = TemplateVersion.objects.create(
        template=template, number=version.number + 1, created_by=actor
    )
    mapping = {}
    for item in items:
        old_pk = item.pk
        item.pk = None
        item.version = new
        item.save()
        mapping[old_pk] = item
    return new, mapping


def _locked(actor, template):
    require_owner(actor, template.school)
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if template.archived:
        raise DomainError(_("This checklist is archived."))
    return template


def _item(mapping, item_id):
    try:
        return mapping[int(item_id)]
    except (KeyError, TypeError, ValueError):
        raise DomainError(_("This item is not in the checklist's current version.")) from None


@transaction.atomic
def add_item(*, actor, template, **fields):
    template = _locked(actor, template)
    version, mapping = _working_version(actor, template)
    position = max((i.position for i in mapping.values()), default=0) + 1
    item = ChecklistItem.objects.create(version=version, position=position, **_clean_item(fields))
    audit.record(
        actor=actor,
        org=template.school,
        action="check.template_edit",
        obj=template,
        changes={"added": item.text, "version": version.number},
    )
    return item


@transaction.atomic
def update_item(*, actor, template, item_id, **fields):
    template = _locked(actor, template)
    version, mapping = _working_version(actor, template)
    item = _item(mapping, item_id)
    for key, value in _clean_item(fields).items():
        setattr(item, key, value)
    item.save()
    audit.record(
        actor=actor,
        org=template.school,
        action="check.template_edit",
        obj=template,
        changes={"changed": item.text, "version": version.number},
    )
    return item


@transaction.atomic
def remove_item(*, actor, template, item_id):
    template = _locked(actor, template)
    version, mapping = _working_version(actor, template)
    item = _item(mapping, item_id)
    if len(mapping) == 1:
        raise DomainError(_("A checklist needs at least one item."))
    item.delete()
    audit.record(
        actor=actor,
        org=template.school,
        action="check.template_edit",
        obj=template,
        changes={"removed": item.text, "version": version.number},
    )


@transaction.atomic
def move_item(*, actor, template, item_id, up):
    template = _locked(actor, template)
    _version, mapping = _working_version(actor, template)
    item = _item(mapping, item_id)
    ordered = sorted(mapping.values(), key=lambda i: (i.position, i.pk))
    index = ordered.index(item)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, each in enumerate(ordered, 1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    return item


@transaction.atomic
def archive_template(*, actor, template):
    template = _locked(actor, template)
    if template.publications.filter(withdrawn_at__isnull=True).exists():
        raise DomainError(_("The checklist is published to schools: withdraw it first."))
    template.archived = True
    template.save(update_fields=["archived"])
    template.schedules.filter(active=True).update(active=False)
    # As when a schedule is stopped: the checks not yet open are withdrawn, not left to be missed.
    CheckTask.objects.filter(
        template=template, status=TaskStatus.DUE, due_from__gt=timezone.now()
    ).delete()
    audit.record(actor=actor, org=template.school, action="check.template_archive", obj=template)
    return template
