"""The scheme pages' forms: a copy, an area, an indicator, the veto list, the grades."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.assessment.models import Rule
from safecampus.core import metrics
from safecampus.core.forms import StyledForm


class AreaForm(StyledForm):
    name = forms.CharField(label=_("Name of the area"), max_length=120)


class CopyForm(StyledForm):
    name = forms.CharField(label=_("Name of your copy"), max_length=200)


def _pairs(text, field):
    """Lines of "a | b" as [[a, b]]."""
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 2:
            raise forms.ValidationError(_("Write one row per line: %(shape)s") % {"shape": field})
        rows.append(parts)
    return rows


class IndicatorForm(StyledForm):
    name = forms.CharField(label=_("Indicator"), max_length=200)
    guidance = forms.CharField(
        label=_("What is checked"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    max_points = forms.DecimalField(
        label=_("Maximum points"), min_value=0, max_value=1000, decimal_places=1, max_digits=6
    )
    rule = forms.ChoiceField(label=_("Scoring"), choices=Rule.choices)
    metric = forms.ChoiceField(label=_("Figure"), required=False)
    thresholds = forms.CharField(
        label=_("Thresholds"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: figure | points. Where lower is better, the points apply while the "
            "figure is at most the limit; where higher is better, once it reaches it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [("", "—")] + [
            (m.key, f"{m.label} ({m.key})") for m in metrics.METRICS.values()
        ]

    def clean_thresholds(self):
        return _pairs(self.cleaned_data.get("thresholds"), _("figure | points"))


class VetoesForm(StyledForm):
    vetoes = forms.CharField(
        label=_("Veto items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line: the event | how far back it is looked for."),
    )

    def clean_vetoes(self):
        rows = []
        for line in (self.cleaned_data.get("vetoes") or "").splitlines():
            if line.strip():
                name, _sep, look = line.partition("|")
                rows.append((name.strip(), look.strip()))
        return rows


class BandsForm(StyledForm):
    bands = forms.CharField(
        label=_("Grades"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line, best first: grade | from points | veto (on the grade a veto "
            "gives at most)."
        ),
    )

    def clean_bands(self):
        rows = []
        for line in (self.cleaned_data.get("bands") or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) not in (2, 3):
                raise forms.ValidationError(_("Write one grade per line: grade | from points"))
            rows.append((parts[0], parts[1], len(parts) == 3 and bool(parts[2])))
        return rows


class VetoMatchForm(StyledForm):
    metric = forms.ChoiceField(
        label=_("Matched by the figure"),
        required=False,
        help_text=_(
            "A count of events; a school whose count is at least 1 over the years looked back "
            "is shown to the inspectors as a suggested veto."
        ),
    )
    years = forms.IntegerField(label=_("Years looked back"), min_value=1, max_value=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [("", _("— not matched: the inspectors find it —"))] + [
            (m.key, f"{m.label} ({m.key})")
            for m in metrics.METRICS.values()
            if m.unit == "count" and m.per_period
        ]
