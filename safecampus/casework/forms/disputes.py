"""Forms of the disputes: recording one, a mediation, settling or passing on, a screening
round, the list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.casework.models import DisputeStatus, ScreeningScope
from safecampus.casework.queries import concerns as concern_queries
from safecampus.casework.queries import disputes as queries
from safecampus.core.forms import DateInput, StyledForm


class DisputeForm(StyledForm):
    type = forms.ModelChoiceField(label=_("Type"), queryset=None)
    level = forms.ModelChoiceField(label=pgettext_lazy("casework", "Level"), queryset=None)
    parties = forms.CharField(
        label=_("Parties"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One party a line: name, role (e.g. 王某, 家长)."),
    )
    summary = forms.CharField(
        label=_("What it is about"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    handler = forms.ModelChoiceField(label=_("Handled by"), queryset=None)
    found_on = forms.DateField(label=_("Found on"), required=False, widget=DateInput)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = queries.types()
        self.fields["level"].queryset = queries.levels()
        self.fields["handler"].queryset = concern_queries.responsibles(school)


class MediationForm(StyledForm):
    note = forms.CharField(
        label=_("What was said and agreed"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DateInput)


class OutcomeForm(StyledForm):
    outcome = forms.CharField(
        label=_("Outcome"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScreeningForm(StyledForm):
    scope = forms.ChoiceField(label=_("Round"), choices=ScreeningScope.choices)
    found = forms.IntegerField(label=_("Disputes found"), min_value=0, max_value=1000)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisputeFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open or mediating")), *DisputeStatus.choices],
    )
    level = forms.ModelChoiceField(
        label=pgettext_lazy("casework", "Level"), required=False, queryset=None
    )
    overdue = forms.BooleanField(label=_("Past the deadline"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = queries.levels()
        self.fields["level"].empty_label = _("All")

    def filters(self):
        if not self.is_valid():
            return {}
        return dict(self.cleaned_data)
