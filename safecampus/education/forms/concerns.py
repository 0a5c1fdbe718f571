"""A guardian's concern from the phone, and the school's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import StyledForm
from safecampus.education.models.concerns import MAX_TEXT


class ConcernForm(StyledForm):
    text = forms.CharField(
        label=_("What concerns you"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The head teacher and the school's safety officer read it."),
    )
    photo = forms.ImageField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )


class AnswerForm(StyledForm):
    text = forms.CharField(
        label=_("Answer (the guardian reads it)"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
