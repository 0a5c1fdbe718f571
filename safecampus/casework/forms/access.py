"""Forms of need-to-know access: asking for access to a record, deciding on a request, the
access report's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.casework.models import GrantStatus
from safecampus.casework.queries.access import LOG_ACTIONS
from safecampus.casework.services.access import REASON_MAX
from safecampus.core.audit_labels import action_label
from safecampus.core.forms import StyledForm


class RequestForm(StyledForm):
    reason = forms.CharField(
        label=_("Why you need to read this record"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The person in charge decides; the request, the decision and every read are logged."
        ),
    )


class DecideForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RequestFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *list(GrantStatus.choices)], required=False
    )


class LogFilterForm(StyledForm):
    action = forms.ChoiceField(label=_("What"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All"))] + [
            (a, action_label(a)) for a in LOG_ACTIONS
        ]

    def filters(self):
        if not self.is_valid():
            return {}
        return {"action": self.cleaned_data["action"]}
