"""Form pieces the education pages share: several photos from one input, a month."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import StyledForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one input; on a phone the camera opens directly."""

    widget = MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"})

    def clean(self, data, initial=None):
        if not data:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(f, initial) for f in files]


class FilesField(PhotosField):
    """Any documents (a lesson's slides, a worksheet), several from one input."""

    widget = MultipleFileInput()


class MonthForm(StyledForm):
    """?month=2026-11; a bad one is a form error, not a 500."""

    month = forms.CharField(
        label=_("Month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )

    def clean_month(self):
        value = self.cleaned_data["month"]
        match = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."))
        return date(int(match[1]), int(match[2]), 1)
