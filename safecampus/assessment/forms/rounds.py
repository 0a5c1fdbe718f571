"""The round pages' forms: a new round, a school's self-assessment of one indicator, an
inspector's points, a veto, an appeal and its answer."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.assessment.services.rounds import MAX_APPEAL_DAYS, MAX_TEXT
from safecampus.core.forms import StyledForm

POINTS = {"min_value": 0, "max_value": 1000, "decimal_places": 1, "max_digits": 6}


class RoundForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    version = forms.ModelChoiceField(label=_("Scheme"), queryset=None)
    starts_on = forms.DateField(
        label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    self_due = forms.DateField(
        label=_("Self-assessment due"), widget=forms.DateInput(attrs={"type": "date"})
    )
    appeal_days = forms.IntegerField(
        label=_("Appeal window (days)"),
        min_value=1,
        max_value=MAX_APPEAL_DAYS,
        initial=10,
        help_text=_("Days after publication during which a school may appeal."),
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        year = timezone.localdate().year
        self.fields["title"].initial = _("%(year)s school safety assessment") % {"year": year}


class SelfForm(StyledForm):
    self_points = forms.DecimalField(label=_("Your points"), required=False, **POINTS)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_TEXT,
    )
    link_url = forms.CharField(
        label=_("Link to a record"),
        required=False,
        max_length=500,
        help_text=_("A page of this site, e.g. /orgs/12/hazards/"),
    )
    link_label = forms.CharField(label=_("Link label"), required=False, max_length=200)
    files = forms.FileField(label=_("Evidence (PDF or photo)"), required=False)


class ScoreForm(StyledForm):
    points = forms.DecimalField(label=_("Points"), **POINTS)
    note = forms.CharField(label=_("Inspector's note"), required=False, max_length=MAX_TEXT)


class VetoForm(StyledForm):
    item = forms.ModelChoiceField(label=_("Veto item"), queryset=None)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=MAX_TEXT
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class AppealForm(StyledForm):
    text = forms.CharField(
        label=_("What you contest and why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
    )


class AnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        for entry in entries:
            self.fields[f"rescore_{entry.pk}"] = forms.DecimalField(
                label=entry.indicator.name,
                required=False,
                min_value=0,
                max_value=entry.indicator.max_points,
                decimal_places=1,
                max_digits=6,
                help_text=_("now %(points)s; empty: unchanged") % {"points": entry.points},
            )

    def rescores(self):
        return {
            int(name.removeprefix("rescore_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("rescore_") and value is not None
        }
