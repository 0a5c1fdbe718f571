"""Forms of emergencies. They validate input; the services decide what may change."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.forms import DateInput, StyledForm
from safecampus.core.models import RobotKind, Zone
from safecampus.emergencies.models import (
    AlarmKind,
    DrillPeriod,
    EmergencyKind,
)
from safecampus.hazards.hooks import reassessment
from safecampus.hazards.models import Category


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _zones(school):
    return Zone.objects.filter(school=school).order_by("path_name", "pk")


class RaiseForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=AlarmKind.choices)
    zone = forms.ModelChoiceField(
        label=pgettext_lazy("alarm", "Where"),
        queryset=Zone.objects.none(),
        required=False,
        empty_label=pgettext_lazy("alarm", "— not said —"),
    )
    place = forms.CharField(
        label=pgettext_lazy("alarm", "Exact spot (optional)"), max_length=120, required=False
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = _zones(school)


class NoteForm(StyledForm):
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class CloseForm(StyledForm):
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    false_alarm = forms.BooleanField(label=_("This was a false alarm"), required=False)


class PlanForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=EmergencyKind.choices)
    title = forms.CharField(label=_("title"), max_length=120)
    roles = forms.CharField(
        label=_("roles and steps"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("A line “# role” starts a role; the lines after it are its steps, in order."),
    )
    contacts = forms.CharField(
        label=_("contacts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: name, post and phone."),
    )
    assembly_points = forms.CharField(
        label=_("assembly points"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One per line."),
    )
    zones = forms.ModelMultipleChoiceField(
        label=_("zones"), queryset=Zone.objects.none(), required=False
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zones"].queryset = _zones(school)


class IncidentForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=EmergencyKind.choices)
    occurred_at = forms.DateTimeField(label=_("time"), widget=DateTimeInput())
    place = forms.CharField(label=_("place"), max_length=120)
    zone = forms.ModelChoiceField(label=_("zone"), queryset=Zone.objects.none(), required=False)
    injured = forms.IntegerField(label=_("people hurt"), min_value=0, initial=0)
    description = forms.CharField(
        label=pgettext_lazy("incident", "what happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    actions = forms.CharField(
        label=_("actions taken"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = _zones(school)
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class FollowUpForm(StyledForm):
    text = forms.CharField(label=_("follow-up"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(StyledForm):
    causes = forms.CharField(label=_("causes"), widget=forms.Textarea(attrs={"rows": 3}))
    gaps = forms.CharField(label=_("gaps"), widget=forms.Textarea(attrs={"rows": 3}))
    hazard_measures = forms.CharField(
        label=_("measures to fix (each becomes a hazard in the ledger)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    category = forms.ChoiceField(
        label=_("hazard category"), choices=Category.choices, initial=Category.OTHER
    )
    risk_points = forms.ModelMultipleChoiceField(
        label=_("risk points to re-assess"), queryset=None, required=False
    )
    risk_reason = forms.CharField(label=_("why re-assess"), max_length=200, required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk_points"].queryset = reassessment().points(school)

    def clean(self):
        data = super().clean()
        if data.get("risk_points") and not (data.get("risk_reason") or "").strip():
            self.add_error("risk_reason", _("Say why the risk points must be re-assessed."))
        return data


class DrillForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=EmergencyKind.choices)
    planned_on = forms.DateField(label=_("date"), widget=DateInput())
    scenario = forms.CharField(label=_("scenario"), widget=forms.Textarea(attrs={"rows": 3}))
    classes = forms.CharField(
        label=_("expected participants by class"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One class per line: its name, a space and the expected number."),
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)


class DrillRunForm(StyledForm):
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    started_at = forms.DateTimeField(label=_("started"), widget=DateTimeInput())
    alarm_at = forms.DateTimeField(label=_("alarm sounded"), widget=DateTimeInput())
    evacuated_at = forms.DateTimeField(label=_("evacuation complete"), widget=DateTimeInput())
    problems = forms.CharField(
        label=_("problems found (each becomes a hazard)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    problem_place = forms.CharField(
        label=_("where the problems were"), max_length=120, required=False
    )

    def __init__(self, *args, drill, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(drill.classes.all())
        for row in self.rows:
            self.fields[f"present_{row.pk}"] = forms.IntegerField(
                label=_("%(label)s: present of %(expected)s")
                % {"label": row.label, "expected": row.expected},
                min_value=0,
                max_value=row.expected,
            )
            self.fields[f"missing_{row.pk}"] = forms.CharField(
                label=_("who is missing"), max_length=200, required=False
            )

    def counts(self):
        return {
            row.label: (
                self.cleaned_data[f"present_{row.pk}"],
                self.cleaned_data.get(f"missing_{row.pk}", ""),
            )
            for row in self.rows
        }

    def class_fields(self):
        return [(self[f"present_{r.pk}"], self[f"missing_{r.pk}"]) for r in self.rows]


class SummaryForm(StyledForm):
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea(attrs={"rows": 3}))
    feedback = forms.CharField(
        label=_("feedback"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DeviceForm(StyledForm):
    name = forms.CharField(label=_("name"), max_length=60)
    zone = forms.ModelChoiceField(label=_("zone"), queryset=Zone.objects.none(), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = _zones(school)


class RobotForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=RobotKind.choices)
    name = forms.CharField(label=_("name"), max_length=60)
    url = forms.URLField(label=_("webhook address"), max_length=500, assume_scheme="https")


class RulesForm(StyledForm):
    school_period = forms.ChoiceField(label=_("drills at schools"), choices=DrillPeriod.choices)
    kindergarten_period = forms.ChoiceField(
        label=_("drills at kindergartens"), choices=DrillPeriod.choices
    )
    report_read_minutes = forms.IntegerField(
        label=_("minutes before an unread incident report escalates"), min_value=5, max_value=1440
    )
    source = forms.CharField(label=_("source"), max_length=200)


class BroadcastRulesForm(StyledForm):
    """One text per alarm kind: what every screen of a school shows when it is raised."""

    source = forms.CharField(label=_("source"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in AlarmKind.choices:
            self.fields[f"kind_{value}"] = forms.CharField(
                label=label,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        self.order_fields([f"kind_{v}" for v in AlarmKind.values] + ["source"])

    def messages(self):
        return {v: self.cleaned_data[f"kind_{v}"] for v in AlarmKind.values}
