"""Forms of risk grading: input validation only; services decide what may change."""

import itertools
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import StyledForm, set_zones
from safecampus.core.models import Post, User, Zone
from safecampus.risks import levels
from safecampus.risks.levels import ControlLevel, Level, Method
from safecampus.risks.models import AccidentType


def _choices(values):
    return [(str(v), f"{v} · {label}" if str(label) != str(v) else str(v)) for v, label in values]


class RiskPointForm(StyledForm):
    zone = forms.ModelChoiceField(label=_("Zone"), queryset=Zone.objects.none())
    name = forms.CharField(label=_("Activity or facility"), max_length=120)
    hazard_factors = forms.CharField(
        label=_("Hazard factors"), widget=forms.Textarea(attrs={"rows": 3})
    )
    accident_types = forms.MultipleChoiceField(
        label=_("Possible accidents"),
        choices=AccidentType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    existing_controls = forms.CharField(
        label=_("Controls"), widget=forms.Textarea(attrs={"rows": 3})
    )
    emergency_actions = forms.CharField(
        label=_("Emergency actions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=User.objects.none()
    )
    posts = forms.ModelMultipleChoiceField(
        label=_("Posts"),
        queryset=Post.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, school, people, **kwargs):
        super().__init__(*args, **kwargs)
        set_zones(self.fields["zone"], school)
        self.fields["responsible"].queryset = people
        self.fields["posts"].queryset = Post.objects.filter(school=school)
        for name in ("accident_types", "posts"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class AssessForm(StyledForm):
    method = forms.ChoiceField(
        label=_("Method"), choices=Method.choices, widget=forms.RadioSelect, initial=Method.LEC
    )
    likelihood = forms.TypedChoiceField(
        label=_("Likelihood (L)"), coerce=str, required=False, choices=[]
    )
    exposure = forms.TypedChoiceField(label=_("Exposure (E)"), required=False, choices=[])
    consequence = forms.TypedChoiceField(label=_("Consequence (C)"), required=False, choices=[])
    matrix_likelihood = forms.TypedChoiceField(
        label=_("Likelihood (L, 1–5)"), required=False, choices=[]
    )
    severity = forms.TypedChoiceField(label=_("Severity (S, 1–5)"), required=False, choices=[])
    control_level = forms.ChoiceField(
        label=_("Control level"),
        required=False,
        choices=[("", _("Follow the grade")), *ControlLevel.choices],
    )
    override_reason = forms.CharField(
        label=_("Reason for another control level"), required=False, max_length=200
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        empty = [("", "—")]
        self.fields["likelihood"].choices = empty + _choices(levels.LEC_L)
        self.fields["exposure"].choices = empty + _choices(levels.LEC_E)
        self.fields["consequence"].choices = empty + _choices(levels.LEC_C)
        self.fields["matrix_likelihood"].choices = empty + _choices(levels.MATRIX_L)
        self.fields["severity"].choices = empty + _choices(levels.MATRIX_S)
        self.fields["method"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        needed = (
            ["likelihood", "exposure", "consequence"]
            if data.get("method") == Method.LEC
            else ["matrix_likelihood", "severity"]
        )
        for name in needed:
            if not data.get(name):
                self.add_error(name, _("Choose a value."))
        return data

    def grade_kwargs(self):
        """The method and the values it grades by, as `services.grade` and `assess` take them."""
        data = self.cleaned_data
        if data["method"] == Method.LEC:
            values = {
                "likelihood": Decimal(data["likelihood"]),
                "exposure": Decimal(data["exposure"]),
                "consequence": Decimal(data["consequence"]),
            }
        else:
            values = {
                "likelihood": Decimal(data["matrix_likelihood"]),
                "severity": Decimal(data["severity"]),
            }
        return {"method": data["method"], **values}

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            **self.grade_kwargs(),
            "control_level": data["control_level"],
            "override_reason": data["override_reason"],
            "note": data["note"],
        }


class FilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices]
    )
    zone = forms.ModelChoiceField(label=_("Zone"), queryset=Zone.objects.none(), required=False)
    accident_type = forms.ChoiceField(
        label=_("Possible accident"),
        required=False,
        choices=[("", _("Any accident")), *AccidentType.choices],
    )
    control_level = forms.ChoiceField(
        label=_("Control level"),
        required=False,
        choices=[("", _("Any control level")), *ControlLevel.choices],
    )
    needs_reassessment = forms.BooleanField(label=_("Needs re-assessment"), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        set_zones(self.fields["zone"], school)
        self.fields["zone"].choices = [("", _("Any zone")), *list(self.fields["zone"].choices)[1:]]


class RiskRulesForm(StyledForm):
    scheme = forms.ChoiceField(
        label=_("Levels"),
        choices=[
            ("four", _("Four levels: red, orange, yellow, blue")),
            ("three", _("Three levels: red, yellow, blue")),
        ],
    )
    lec_major = forms.DecimalField(label=_("LEC: major from D ≥"), min_value=1)
    lec_significant = forms.DecimalField(
        label=_("LEC: significant from D ≥"), min_value=1, required=False
    )
    lec_general = forms.DecimalField(label=_("LEC: general from D ≥"), min_value=1)
    matrix_major = forms.IntegerField(label=_("Matrix: major from R ≥"), min_value=2, max_value=25)
    matrix_significant = forms.IntegerField(
        label=_("Matrix: significant from R ≥"), min_value=2, max_value=25, required=False
    )
    matrix_general = forms.IntegerField(
        label=_("Matrix: general from R ≥"), min_value=2, max_value=25
    )
    review_months = forms.IntegerField(label=_("Review every (months)"), min_value=1, max_value=36)
    source = forms.CharField(label=_("Source of these figures"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        four = data.get("scheme") == "four"
        for method in ("lec", "matrix"):
            major, significant, general = (
                data.get(f"{method}_major"),
                data.get(f"{method}_significant"),
                data.get(f"{method}_general"),
            )
            if four and significant is None:
                self.add_error(f"{method}_significant", _("Four levels need this threshold."))
                continue
            bounds = [major, significant, general] if four else [major, general]
            if None not in bounds and any(a <= b for a, b in itertools.pairwise(bounds)):
                self.add_error(
                    f"{method}_major", _("Each threshold must be higher than the one below it.")
                )
        return data

    def bands(self):
        data = self.cleaned_data
        four = data["scheme"] == "four"
        result = {}
        for method in ("lec", "matrix"):
            bands = [[float(data[f"{method}_major"]), Level.MAJOR]]
            if four:
                bands.append([float(data[f"{method}_significant"]), Level.SIGNIFICANT])
            bands += [[float(data[f"{method}_general"]), Level.GENERAL], [0, Level.LOW]]
            result[method] = [[lower, str(level)] for lower, level in bands]
        return result
