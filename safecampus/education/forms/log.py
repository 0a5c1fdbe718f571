"""Input of the 1530 log: one entry (the two taps, with optional details)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import DateInput, StyledForm
from safecampus.education.forms.fields import PhotosField


class ReminderForm(StyledForm):
    school_class = forms.ModelChoiceField(label=_("Class"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=DateInput)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None)
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = PhotosField(label=_("Photo"), required=False)
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, classes, topics, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("day", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes
        self.fields["topic"].queryset = topics
