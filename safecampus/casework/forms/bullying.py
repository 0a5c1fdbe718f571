"""Forms of the bullying cases: the public tip and follow-up, the staff's record of a report,
each step of the procedure, a message, the list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.casework.models import BullyingAct, BullyingChannel, BullyingStatus, Severity
from safecampus.casework.queries import concerns as concern_queries
from safecampus.core.forms import DateInput, StyledForm

ACT_CHOICES = [("", "—"), *BullyingAct.choices]
STAFF_CHANNELS = [(v, label) for v, label in BullyingChannel.choices if v != BullyingChannel.TIP]


class TipForm(StyledForm):
    act = forms.ChoiceField(label=_("What happened"), choices=ACT_CHOICES)
    summary = forms.CharField(
        label=_("Tell us what happened"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Do not write your own name if you want to stay anonymous."),
    )
    happened = forms.CharField(label=_("When and where"), max_length=200, required=False)
    parties = forms.CharField(
        label=_("Who was involved (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One person a line: name or class, role."),
    )


class CodeForm(StyledForm):
    code = forms.CharField(label=_("Tracking code"), max_length=24)


class ReporterMessageForm(StyledForm):
    code = forms.CharField(max_length=24, widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Your message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseForm(StyledForm):
    channel = forms.ChoiceField(label=_("Reported by"), choices=STAFF_CHANNELS)
    reporter = forms.CharField(label=_("Reporter"), max_length=200, required=False)
    act = forms.ChoiceField(label=_("What happened"), choices=ACT_CHOICES)
    summary = forms.CharField(
        label=_("Account"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    happened = forms.CharField(label=_("When and where"), max_length=200, required=False)
    parties = forms.CharField(
        label=_("People involved"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One person a line: name, role (e.g. 张某, 被欺凌学生)."),
    )
    handler = forms.ModelChoiceField(label=_("Handled by"), queryset=None)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = concern_queries.responsibles(school)


class NoteForm(StyledForm):
    note = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OptionalNoteForm(StyledForm):
    note = forms.CharField(
        label=_("Note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


YES_NO = [("", "—"), ("yes", _("Yes, bullying")), ("no", _("No, not bullying"))]


class FindingForm(StyledForm):
    verdict = forms.ChoiceField(label=_("Was it bullying?"), choices=YES_NO)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[("", "—"), *Severity.choices], required=False
    )
    finding = forms.CharField(
        label=_("Finding"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def finding_data(self):
        data = dict(self.cleaned_data)
        data["is_bullying"] = {"yes": True, "no": False}.get(data.pop("verdict"))
        return data


class DetermineForm(FindingForm):
    committee = forms.CharField(
        label=_("Committee members present"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    families_informed_on = forms.DateField(
        label=_("Both families informed on"), required=False, widget=DateInput
    )


class MeasuresForm(StyledForm):
    measures = forms.CharField(
        label=_("Measures"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MessageForm(StyledForm):
    body = forms.CharField(
        label=_("Message to the reporter"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BullyingFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open cases")), *BullyingStatus.choices],
    )
    late = forms.BooleanField(label=_("Past a time limit"), required=False)

    def filters(self):
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"], "late": self.cleaned_data["late"]}
