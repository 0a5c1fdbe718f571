"""The bureau's education programme: its figures and their source."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import StyledForm
from safecampus.education.models import EducationRules
from safecampus.education.services.rules import FIGURES, SOURCE_MAX


class RulesForm(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in FIGURES.items():
            self.fields[name] = forms.IntegerField(
                label=EducationRules._meta.get_field(name).verbose_name,
                min_value=low,
                max_value=high,
            )
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["source"] = forms.CharField(
            label=_("Source (the regulation or the bureau's decision)"),
            max_length=SOURCE_MAX,
            required=False,
        )
        self.fields["source"].widget.attrs["class"] = "form-control"
