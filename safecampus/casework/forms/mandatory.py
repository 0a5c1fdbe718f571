"""Forms of the mandatory reports: logging one, the report to the police, closing, filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.casework.models import MandatoryStatus
from safecampus.casework.queries import concerns as concern_queries
from safecampus.casework.queries import mandatory as queries
from safecampus.core.forms import StyledForm


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MandatoryForm(StyledForm):
    trigger = forms.ModelChoiceField(label=_("What was found"), queryset=None)
    subject = forms.CharField(label=_("The minor"), max_length=80, help_text=_("Name and class."))
    summary = forms.CharField(
        label=_("What was found, by whom"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    learned_at = forms.DateTimeField(
        label=_("The school learned of it at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Empty: now."),
    )
    handler = forms.ModelChoiceField(label=_("Handled by"), queryset=None)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trigger"].queryset = queries.triggers()
        self.fields["handler"].queryset = concern_queries.responsibles(school)


class SentForm(StyledForm):
    reported_to = forms.CharField(label=_("Reported to"), max_length=200)
    receipt = forms.CharField(label=_("Receipt or case number"), max_length=100, required=False)
    reported_at = forms.DateTimeField(
        label=_("Reported at"), required=False, widget=DateTimeInput(), help_text=_("Empty: now.")
    )


class CloseForm(StyledForm):
    outcome = forms.CharField(
        label=_("Outcome"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MandatoryFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *MandatoryStatus.choices]
    )
    overdue = forms.BooleanField(label=_("Not reported in time"), required=False)

    def filters(self):
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"], "overdue": self.cleaned_data["overdue"]}
