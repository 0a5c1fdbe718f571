"""The starter catalogue: typical risk points a school adopts into its own list and adapts."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import queries as core_queries
from safecampus.core.access import has_cap
from safecampus.core.forms import PersonChoiceField, StyledForm
from safecampus.core.models import Post, User, Zone, ZoneKind
from safecampus.core.roles import Cap
from safecampus.core.views.base import school_view, service_call
from safecampus.risks import catalogue as starter
from safecampus.risks import levels, queries, services
from safecampus.risks.levels import Level
from safecampus.risks.models import AccidentType
from safecampus.risks.rules import rules_for


def _suggested_level(entry, rules):
    level = Level(levels.level_for(entry.score, rules.lec_bands))
    return level.value, level.label


@school_view(Cap.RISK_VIEW)
def catalogue(request, school):
    entries = starter.for_school(school)
    topics = starter.topics_in(entries)
    topic = request.GET.get("topic", "")
    if topic not in dict(topics):
        topic = ""
    zone_kind = request.GET.get("zone_kind", "")
    if zone_kind not in ZoneKind.values:
        zone_kind = ""
    shown = [
        e
        for e in entries
        if (not topic or e.topic == topic) and (not zone_kind or zone_kind in e.zone_kinds)
    ]
    rules = rules_for(school)
    adopted = queries.adopted_from_catalogue(user=request.user, school=school)
    rows = []
    for entry in shown:
        level, label = _suggested_level(entry, rules)
        rows.append(
            {"entry": entry, "level": level, "label": label, "adopted": adopted.get(entry.key, [])}
        )
    context = {
        "school": school,
        "rows": rows,
        "total": len(entries),
        "topics": topics,
        "topic": topic,
        "zone_kinds": ZoneKind.choices,
        "zone_kind": zone_kind,
        "rules": rules,
        "can_manage": has_cap(request.user, Cap.RISK_MANAGE, school),
    }
    template = "risks/catalogue.html#entries" if request.htmx else "risks/catalogue.html"
    return render(request, template, context)


class AdoptForm(StyledForm):
    zone = forms.ModelChoiceField(
        label=gettext_lazy("Zone"),
        queryset=Zone.objects.none(),
        empty_label=gettext_lazy("— choose a zone —"),
    )
    name = forms.CharField(label=gettext_lazy("Activity or facility"), max_length=120)
    hazard_factors = forms.CharField(
        label=gettext_lazy("Hazard factors"), widget=forms.Textarea(attrs={"rows": 6})
    )
    accident_types = forms.MultipleChoiceField(
        label=gettext_lazy("Possible accidents"),
        choices=AccidentType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    existing_controls = forms.CharField(
        label=gettext_lazy("Controls"), widget=forms.Textarea(attrs={"rows": 7})
    )
    emergency_actions = forms.CharField(
        label=gettext_lazy("Emergency actions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    responsible = PersonChoiceField(
        label=gettext_lazy("Responsible person"),
        queryset=User.objects.none(),
        empty_label=gettext_lazy("— choose a person —"),
    )
    posts = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Posts"),
        queryset=Post.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    assess = forms.BooleanField(
        label=gettext_lazy("Assess with the suggested values"), required=False
    )

    def __init__(self, *args, school, entry, zone_rows, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.suggested_zone_ids = set()
        self._zones(school, entry, zone_rows)
        self.fields["responsible"].queryset = people
        order = list(entry.post_kinds)
        posts = sorted(
            Post.objects.filter(school=school),
            key=lambda p: (order.index(p.kind) if p.kind in order else len(order), p.name),
        )
        self.fields["posts"].queryset = Post.objects.filter(school=school)
        self.fields["posts"].choices = [(p.pk, p.name) for p in posts]
        self.suggested_post_ids = [p.pk for p in posts if p.kind in entry.post_kinds]
        for name in ("accident_types", "posts"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def _zones(self, school, entry, zone_rows):
        """The school's zones by their path, those of the suggested kinds first."""
        rows = sorted((z for z, _d in zone_rows), key=lambda z: z.path_name)
        suggested = [(z.pk, z.path_name) for z in rows if z.kind in entry.zone_kinds]
        others = [(z.pk, z.path_name) for z in rows if z.kind not in entry.zone_kinds]
        field = self.fields["zone"]
        field.queryset = Zone.objects.filter(school=school)
        choices = [("", field.empty_label)]
        if suggested:
            choices.append((_("Suggested for this risk"), suggested))
            if others:
                choices.append((_("Other zones"), others))
        else:
            choices.extend(others)
        field.choices = choices
        self.suggested_zone_ids = {pk for pk, _label in suggested}


def _initial(user, school, entry, form_people, suggested_zone_ids, suggested_post_ids):
    initial = {
        "name": entry.name,
        "hazard_factors": entry.hazard_factors,
        "accident_types": [str(a) for a in entry.accident_types],
        "existing_controls": entry.controls,
        "emergency_actions": entry.emergency_actions,
        "posts": suggested_post_ids,
    }
    if len(suggested_zone_ids) == 1:
        initial["zone"] = next(iter(suggested_zone_ids))
    # The holder of the first suggested post is the likely responsible person.
    ranked = queries.post_holders(
        user=user, school=school, post_kinds=entry.post_kinds, people=form_people
    )
    if ranked:
        initial["responsible"] = ranked[0].user_id
    return initial


@school_view(Cap.RISK_MANAGE)
def adopt(request, school, key):
    entry = starter.get(key)
    if entry is None or not entry.suits(school):
        raise Http404
    people = core_queries.school_people_choices(school)
    zone_rows = core_queries.zone_tree(user=request.user, school=school)
    form = AdoptForm(
        request.POST or None,
        school=school,
        entry=entry,
        zone_rows=zone_rows,
        people=people,
    )
    if not form.is_bound:
        form.initial = _initial(
            request.user, school, entry, people, form.suggested_zone_ids, form.suggested_post_ids
        )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            with service_call(request, form) as call:
                point = services.adopt_from_catalogue(
                    actor=request.user,
                    school=school,
                    entry=entry,
                    assess_suggested=data["assess"],
                    zone=data["zone"],
                    name=data["name"],
                    hazard_factors=data["hazard_factors"],
                    accident_types=data["accident_types"],
                    existing_controls=data["existing_controls"],
                    emergency_actions=data["emergency_actions"],
                    responsible=data["responsible"],
                    posts=list(data["posts"]),
                )
            if call.ok:
                messages.success(
                    request,
                    _("“%(name)s” was added to the risk list.") % {"name": point.name},
                )
                return redirect(point)
        messages.error(request, _("Nothing was added. Correct the marked fields."))
    rules = rules_for(school)
    level, label = _suggested_level(entry, rules)
    context = {
        "school": school,
        "entry": entry,
        "form": form,
        "level": level,
        "label": label,
        "rules": rules,
        "adopted": queries.adopted_from_catalogue(user=request.user, school=school).get(
            entry.key, []
        ),
        "has_zones": bool(zone_rows),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "risks/catalogue_adopt.html", context, status=status)
