"""Input for a technical system and its periodic test (from a phone)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.alarm_devices import devices_of
from safecampus.core.forms import StyledForm
from safecampus.core.models import Zone
from safecampus.defences.forms.staff import _date
from safecampus.defences.models import SystemType


def _number(label, top, help_text=""):
    return forms.IntegerField(
        label=label, min_value=0, max_value=top, required=False, help_text=help_text
    )


class SystemForm(StyledForm):
    zone = forms.ModelChoiceField(label=_("Place"), queryset=Zone.objects.none())
    kind = forms.ModelChoiceField(label=_("Type"), queryset=SystemType.objects.all())
    name = forms.CharField(label=_("Name"), max_length=80, required=False)
    cameras = _number(_("Cameras"), 10000, _("Video only."))
    cameras_working = _number(_("Cameras working"), 10000, _("Video only."))
    retention_days = _number(
        _("Video kept (days)"), 3650, _("Video only: how many days the recorder keeps.")
    )
    police_linked = forms.BooleanField(label=_("Linked to the police"), required=False)
    alarm_device_id = forms.TypedChoiceField(
        label=_("Alarm device"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("One-key alarm box only: the box as the emergencies module knows it."),
    )
    installed_on = _date(_("Installed on"), required=True)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(school=school).order_by("path_name")
        self.fields["zone"].label_from_instance = lambda zone: zone.path_name
        self.fields["alarm_device_id"].choices = device_choices(school)


def device_choices(school):
    """The school's alarm devices in use (core.alarm_devices), by name with their place."""
    return [("", "—")] + [(device.id, str(device)) for device in devices_of(school)]


class DeviceLinkForm(StyledForm):
    alarm_device_id = forms.TypedChoiceField(
        label=_("Alarm device"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alarm_device_id"].choices = device_choices(school)


class SystemTestForm(StyledForm):
    tested_on = _date(_("Tested on"), required=True)
    ok = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Works")), ("0", _("Does not work"))],
        coerce=lambda v: v == "1",
    )
    cameras_working = _number(_("Cameras working"), 10000, _("Video only."))
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Say what is wrong when it does not work."),
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, video=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not video:
            del self.fields["cameras_working"]
