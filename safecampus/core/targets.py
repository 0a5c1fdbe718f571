"""Which schools a bureau's campaign, task or published checklist reaches.

A target is a small filter kept as JSON on the row that uses it, so the page can show what the
bureau chose: school kinds (empty: every kind), nodes under the bureau (streets or districts;
empty: all of it) and boarding (None: either). `matching_schools` turns it into a queryset of
the bureau's schools; `TargetForm` is the one form every module asks it with.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.forms import StyledForm
from safecampus.core.models import Org
from safecampus.core.models.org import OrgKind, SchoolKind

BOARDING_CHOICES = [
    ("", pgettext_lazy("boarding", "Any")),
    ("yes", _("Boarding schools only")),
    ("no", _("Day schools only")),
]


def clean_target(data):
    """The stored form of a target: only known keys, known kinds, integer node ids."""
    data = data or {}
    kinds = [k for k in data.get("school_kinds", []) if k in SchoolKind.values]
    under = sorted({int(pk) for pk in data.get("under", []) if str(pk).isdigit()})
    boarding = data.get("boarding")
    boarding = boarding if isinstance(boarding, bool) else None
    return {"school_kinds": sorted(kinds), "under": under, "boarding": boarding}


def matching_schools(bureau, target):
    """The schools under `bureau` that the target picks (a node outside the bureau picks none)."""
    target = clean_target(target)
    schools = Org.objects.schools().under(bureau)
    if target["school_kinds"]:
        schools = schools.filter(school_kind__in=target["school_kinds"])
    if target["under"]:
        nodes = Org.objects.under(bureau).filter(pk__in=target["under"]).only("path")
        paths = Q()
        for node in nodes:
            paths |= Q(path__startswith=node.path)
        schools = schools.filter(paths) if paths else schools.none()
    if target["boarding"] is True:
        schools = schools.filter(boarding_students__gt=0)
    elif target["boarding"] is False:
        schools = schools.filter(boarding_students=0)
    return schools


def describe(bureau, target):
    """The target in words, for the page and the documents."""
    target = clean_target(target)
    parts = []
    if target["school_kinds"]:
        labels = dict(SchoolKind.choices)
        parts.append(" / ".join(str(labels[k]) for k in target["school_kinds"]))
    if target["under"]:
        names = (
            Org.objects.under(bureau).filter(pk__in=target["under"]).values_list("name", flat=True)
        )
        parts.append(" / ".join(names))
    if target["boarding"] is True:
        parts.append(str(_("Boarding schools only")))
    elif target["boarding"] is False:
        parts.append(str(_("Day schools only")))
    return " · ".join(parts) if parts else str(_("Every school under %(org)s") % {"org": bureau})


class TargetForm(StyledForm):
    """The filter as form fields; `target()` gives the JSON to store."""

    school_kinds = forms.MultipleChoiceField(
        label=_("School kinds"),
        choices=SchoolKind.choices,
        required=False,
        help_text=_("None chosen: every kind."),
    )
    under = forms.ModelMultipleChoiceField(
        label=_("Streets or districts"),
        queryset=Org.objects.none(),
        required=False,
        help_text=_("None chosen: everywhere under the bureau."),
    )
    boarding = forms.ChoiceField(label=_("Boarding"), choices=BOARDING_CHOICES, required=False)

    def __init__(self, *args, bureau, **kwargs):
        super().__init__(*args, **kwargs)
        self.bureau = bureau
        self.fields["under"].queryset = (
            Org.objects.under(bureau, include_self=False)
            .exclude(kind=OrgKind.SCHOOL)
            .order_by("path")
        )

    def target(self):
        data = self.cleaned_data
        boarding = {"yes": True, "no": False}.get(data.get("boarding") or "")
        return clean_target(
            {
                "school_kinds": data.get("school_kinds") or [],
                "under": [node.pk for node in data.get("under") or []],
                "boarding": boarding,
            }
        )
