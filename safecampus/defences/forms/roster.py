"""Input for the duty roster: a time band, who guards a gate in a band of a day, the leader on
night duty."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import StyledForm
from safecampus.core.models import User, Zone, ZoneKind
from safecampus.core.roles import Role
from safecampus.defences.forms.staff import _date
from safecampus.defences.models import DutyBand
from safecampus.defences.services.roster import LEADER_ROLES, members


def _time(label):
    return forms.TimeField(label=label, widget=forms.TimeInput(attrs={"type": "time"}))


class BandForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=40)
    starts = _time(_("Starts"))
    ends = _time(_("Ends"))


def _people(school, roles):
    return User.objects.filter(pk__in=members(school, roles)).order_by("display_name")


class DutyForm(StyledForm):
    zone = forms.ModelChoiceField(label=_("Gate"), queryset=Zone.objects.none())
    band = forms.ModelChoiceField(label=_("Time band"), queryset=DutyBand.objects.none())
    day = _date(_("Day"), required=True)
    guards = forms.ModelMultipleChoiceField(
        label=_("Guards"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None leaves the band a gap, unless the gate is closed then."),
    )
    closed = forms.BooleanField(label=_("The gate is closed in this band"), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(school=school, kind=ZoneKind.GATE)
        self.fields["zone"].label_from_instance = lambda zone: zone.path_name
        self.fields["band"].queryset = DutyBand.objects.filter(school=school)
        self.fields["guards"].queryset = _people(school, [Role.GUARD])
        self.fields["guards"].widget.attrs["class"] = "form-check-input"


class LeaderForm(StyledForm):
    day = _date(_("Night of"), required=True)
    leader = forms.ModelChoiceField(
        label=_("Leader on night duty"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty clears the night."),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _people(school, LEADER_ROLES)
