from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.assessment.services import MAX_WEIGHT


class WeightsForm(forms.Form):
    """One weight (0–100) per metric the bureau's person may read."""

    def __init__(self, *args, metrics, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.metrics = metrics
        for metric in metrics:
            self.fields[metric.key] = forms.IntegerField(
                label=metric.label,
                min_value=0,
                max_value=MAX_WEIGHT,
                required=False,
                initial=current.get(metric.key, 0),
                help_text=_("higher is better")
                if metric.better == "higher"
                else _("lower is better"),
            )

    def weights(self):
        return {key: value or 0 for key, value in self.cleaned_data.items()}
