"""Input of a training, lecture or safety-situation report."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import DateInput, PersonChoiceField, StyledForm
from safecampus.education.forms.fields import FilesField
from safecampus.education.models import Audience, TrainingKind


class TrainingForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None, required=False)
    day = forms.DateField(label=_("Day"), widget=DateInput)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal("24"), decimal_places=1
    )
    speaker = PersonChoiceField(label=_("Speaker"), queryset=None, required=False)
    speaker_name = forms.CharField(label=_("Outside speaker"), max_length=60, required=False)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Staff present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendance = forms.IntegerField(
        label=_("Students or parents present"), min_value=0, max_value=10000, required=False
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    materials = FilesField(label=_("Materials"), required=False)

    def __init__(self, *args, topics, staff, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("day", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
        self.fields["speaker"].queryset = staff
        self.fields["attendees"].queryset = staff
        self.fields["attendees"].label_from_instance = str

    def clean_attendance(self):
        return self.cleaned_data.get("attendance") or 0
