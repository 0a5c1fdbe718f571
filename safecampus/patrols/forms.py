"""Forms for checkpoints, routes, windows, scans and the oversight period."""

import re
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.forms import DateInput, StyledForm
from safecampus.core.models import Zone
from safecampus.hazards.models import Category
from safecampus.patrols.models import Checkpoint, WindowKind
from safecampus.patrols.queries import guards_of
from safecampus.patrols.services import normalise_code

MAX_PERIOD_DAYS = 366


class CheckpointForm(StyledForm):
    zone = forms.ModelChoiceField(label=gettext_lazy("Zone"), queryset=Zone.objects.none())
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80)
    code = forms.CharField(
        label=gettext_lazy("Short code"),
        max_length=8,
        help_text=gettext_lazy("Typed on the phone when the label cannot be scanned, e.g. G1."),
    )
    active = forms.BooleanField(label=gettext_lazy("In use"), required=False, initial=True)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        # Labelled by the full path: floors repeat ("1层" in every building).
        self.fields["zone"].queryset = Zone.objects.filter(school=school).order_by(
            "path_name", "pk"
        )


class RouteForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80)
    codes = forms.CharField(
        label=gettext_lazy("Checkpoints in order"),
        help_text=gettext_lazy(
            "Their short codes in walking order, separated by spaces or commas."
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "characters"}),
    )
    guard = forms.ModelChoiceField(
        label=gettext_lazy("Guard"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Leave empty: any guard of the school walks it."),
    )
    every_day = forms.BooleanField(
        label=gettext_lazy("Every day (boarding dormitory rounds)"),
        required=False,
        help_text=gettext_lazy("Otherwise only on the school's school days."),
    )
    key_areas = forms.BooleanField(
        label=gettext_lazy("Patrol of key areas"), required=False, initial=True
    )
    active = forms.BooleanField(label=gettext_lazy("In use"), required=False, initial=True)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["guard"].queryset = guards_of(school).order_by("display_name", "pk")

    def clean_codes(self):
        codes = [normalise_code(c) for c in re.split(r"[\s,，、;；]+", self.cleaned_data["codes"])]
        codes = [c for c in codes if c]
        found = {c.code: c for c in Checkpoint.objects.filter(school=self.school, code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("No checkpoint has the code: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in codes]


class WindowForm(StyledForm):
    kind = forms.ChoiceField(label=gettext_lazy("Window"), choices=WindowKind.choices)
    start = forms.TimeField(
        label=gettext_lazy("Start"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=gettext_lazy("End"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=gettext_lazy("An end before the start runs past midnight."),
    )
    tolerance_minutes = forms.IntegerField(
        label=gettext_lazy("Tolerance (minutes)"), min_value=0, max_value=120, initial=10
    )


class ScanForm(StyledForm):
    """The scan form without JavaScript (and the fields the page's script posts to the API)."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    code = forms.CharField(
        label=gettext_lazy("Checkpoint code"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)
    problem = forms.BooleanField(label=gettext_lazy("Something wrong here"), required=False)
    category = forms.ChoiceField(
        label=gettext_lazy("Kind of problem"), choices=Category.choices, initial=Category.OTHER
    )
    photo = forms.ImageField(label=gettext_lazy("Photo"), required=False)


class PeriodForm(StyledForm):
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=gettext_lazy("To"), widget=DateInput(), required=False)

    def period(self):
        """The chosen [start, end], by default the last 30 days up to today."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=29)
        if start > end:
            start, end = end, start
        if (end - start).days >= MAX_PERIOD_DAYS:
            start = end - timedelta(days=MAX_PERIOD_DAYS - 1)
        return start, end


class RulesForm(StyledForm):
    min_rounds_per_day = forms.IntegerField(
        label=gettext_lazy("Patrols of key areas a day, at least"), min_value=1, max_value=24
    )
    tolerance_minutes = forms.IntegerField(
        label=gettext_lazy("Default lateness tolerance (minutes)"), min_value=0, max_value=120
    )
    late_limit_minutes = forms.IntegerField(
        label=gettext_lazy("A started round may go on after its window for (minutes)"),
        min_value=0,
        max_value=720,
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=200,
        help_text=gettext_lazy("The document these figures come from."),
    )
