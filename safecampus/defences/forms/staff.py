"""Input for a guard's record, a training, a departure, and the bureau's choice of rule set."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import DateInput, StyledForm
from safecampus.core.models import Zone
from safecampus.defences.models import (
    CheckKind,
    CheckResult,
    CountBasis,
    Employer,
    EquipmentType,
    StaffingRuleSet,
    StaffRole,
)


def _date(label, required=False):
    return forms.DateField(label=label, required=required, widget=DateInput)


class StaffForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=40)
    role = forms.ChoiceField(label=_("Post"), choices=StaffRole.choices)
    employer = forms.ChoiceField(label=_("Employer"), choices=Employer.choices)
    company = forms.CharField(
        label=_("Security company"),
        max_length=120,
        required=False,
        help_text=_("When a security company employs this person."),
    )
    id_number = forms.CharField(
        label=_("ID number"), max_length=18, help_text=_("18 characters; the age is read from it.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    certificate_number = forms.CharField(label=_("保安员证 number"), max_length=40, required=False)
    certificate_valid_until = _date(_("保安员证 valid until"))
    health_checked_on = _date(_("Last health check"))
    started_on = _date(_("Started on"), required=True)

    FIELDS = (
        "name",
        "role",
        "employer",
        "company",
        "id_number",
        "phone",
        "certificate_number",
        "certificate_valid_until",
        "health_checked_on",
        "started_on",
    )

    @classmethod
    def initial_of(cls, staff):
        return {name: getattr(staff, name) for name in cls.FIELDS}


class TrainingForm(StyledForm):
    held_on = _date(_("Date"), required=True)
    topic = forms.CharField(label=_("Topic"), max_length=120)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.5, max_value=200, decimal_places=1, max_digits=4
    )


class LeaveForm(StyledForm):
    left_on = _date(_("Left on"), required=True)


class RuleChoiceForm(StyledForm):
    rule_set = forms.ModelChoiceField(
        label=_("Rule set"), queryset=StaffingRuleSet.objects.all(), empty_label=None
    )


class CheckForm(StyledForm):
    person = forms.ChoiceField(label=_("Staff member"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CheckKind.choices)
    checked_on = _date(_("Checked on"), required=True)
    result = forms.ChoiceField(label=_("Result"), choices=CheckResult.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "---------")] + [
            (p.key, f"{p.name} · {p.post}") for p in people
        ]


class ItemForm(StyledForm):
    zone = forms.ModelChoiceField(label=_("Place"), queryset=Zone.objects.none())
    kind = forms.ModelChoiceField(label=_("Type"), queryset=EquipmentType.objects.all())
    count = forms.IntegerField(label=_("Count"), min_value=1, max_value=10000)
    made_on = _date(_("Made or bought on"), required=True)
    expires_on = _date(_("Expires on"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(school=school).order_by("path_name")
        self.fields["zone"].label_from_instance = lambda zone: zone.path_name
        self.fields["expires_on"].help_text = _(
            "Leave empty to use the type's service life from the day it was made."
        )


class InspectForm(StyledForm):
    checked_on = _date(_("Inspected on"), required=True)
    ok = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("In order")), ("0", _("Not in order"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Say what is wrong when it is not in order."),
    )


class RequiredLineForm(StyledForm):
    kind = forms.ModelChoiceField(label=_("Type"), queryset=EquipmentType.objects.all())
    basis = forms.ChoiceField(label=_("Counted"), choices=CountBasis.choices)
    minimum = forms.IntegerField(label=_("At least"), min_value=1, max_value=1000)
    source = forms.CharField(label=_("Source"), max_length=300)


class RequiredRemoveForm(StyledForm):
    kind = forms.ModelChoiceField(label=_("Type"), queryset=EquipmentType.objects.all())
