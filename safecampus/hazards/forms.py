"""Forms of the hazard ledger: input validation only; services decide what may change."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import DateInput, StyledForm, set_zones
from safecampus.core.models import Org, User, Zone
from safecampus.core.widgets import QuickSelect
from safecampus.hazards.models import Category, Grade, Source, Status
from safecampus.hazards.rules import default_deadline_days
from safecampus.hazards.services import rectification
from safecampus.hazards.services.reporting import FINDING_DEADLINE_DAYS


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


def zone_field(required=False):
    return forms.ModelChoiceField(
        label=_("Zone"),
        queryset=Zone.objects.none(),
        required=required,
        empty_label=_("— choose a zone —"),
        widget=QuickSelect,
    )


def set_people(field, people):
    """Offer `people` in a person picker, read once as (id, name) pairs: a school has up to a
    few hundred staff, and the page needs only their names. The field still validates a choice
    against `people`."""
    field.queryset = people
    # Named as User.__str__ names a person, without a model instance per person.
    options = [
        (pk, display_name or username)
        for pk, display_name, username in people.values_list("pk", "display_name", "username")
    ]
    blank = [] if field.empty_label is None else [("", field.empty_label)]
    field.choices = [*blank, *options]


def set_zone_choices(field, school, empty_label):
    """The school's zones by full path, read once as (id, path) pairs (see set_people)."""
    set_zones(field, school)
    field.choices = [("", empty_label), *field.queryset.values_list("pk", "path_name")]


class ReportForm(StyledForm):
    zone = zone_field()
    place = forms.CharField(
        label=_("Where exactly"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. east stairwell, 3rd floor")}),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(
        label=_("What is wrong"), widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.ChoiceField(label=_("Found during"), choices=Source.choices, initial="report")
    photos = PhotosField(label=_("Photos"), required=False)
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_(
            "Your name is not stored with the report. You get a tracking code to follow it."
        ),
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        set_zones(self.fields["zone"], school)


FINDING_SOURCES = [Source.SUPERVISION, Source.CAMPAIGN, Source.REPORT]


class FindingForm(ReportForm):
    """A bureau person's report at a school under the bureau: a finding, filed by name, with the
    day the bureau wants it fixed by."""

    source = forms.ChoiceField(
        label=_("Found during"),
        choices=[(s.value, s.label) for s in FINDING_SOURCES],
        initial=Source.SUPERVISION,
    )
    supervision_deadline = forms.DateField(
        label=_("The bureau's deadline"),
        widget=DateInput,
        help_text=_("The day the school must have fixed it by."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["anonymous"]

    def clean_supervision_deadline(self):
        day = self.cleaned_data["supervision_deadline"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        if day > timezone.localdate() + timedelta(days=FINDING_DEADLINE_DAYS):
            raise forms.ValidationError(_("The deadline must be within a year."))
        return day


class FindingSchoolForm(StyledForm):
    """Which school under the bureau a finding is filed in."""

    school = forms.ModelChoiceField(
        label=_("School"), queryset=Org.objects.none(), empty_label=_("— choose a school —")
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class PublicReportForm(StyledForm):
    """The public page's form: no account, no identity, no source choice."""

    zone = zone_field()
    place = forms.CharField(label=_("Where exactly"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(
        label=_("What is wrong"), widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = PhotosField(label=_("Photos"), required=False)
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        set_zones(self.fields["zone"], school)


class TrackForm(StyledForm):
    code = forms.CharField(label=_("Tracking code"), max_length=11, min_length=10)

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper().replace(" ", "")
        if "-" not in code and len(code) == 10:
            code = f"{code[:5]}-{code[5:]}"
        return code


class ConfirmForm(StyledForm):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].widget.attrs["class"] = "form-check-input"


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class MergeForm(StyledForm):
    into = forms.IntegerField(label=_("Number of the hazard it duplicates"), min_value=1)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


ASSIGNMENT_FIELDS = [
    "responsible_person",
    "responsible_unit",
    "measures",
    "deadline",
    "deadline_reason",
    "funds_amount",
    "funds_source",
    "interim_measures",
    "contingency_plan",
]


class AssignForm(StyledForm):
    responsible_person = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=User.objects.none(), widget=QuickSelect
    )
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=80)
    measures = forms.CharField(label=_("Measures"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)
    deadline_reason = forms.CharField(
        label=_("Reason for a later deadline"),
        required=False,
        max_length=300,
        help_text=_("Needed only for a deadline past the bureau's rule; the timeline keeps it."),
    )
    funds_amount = forms.DecimalField(
        label=_("Funds (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    funds_source = forms.CharField(label=_("Source of funds"), required=False, max_length=80)
    interim_measures = forms.CharField(
        label=_("Interim control measures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a major hazard, and whenever it cannot be fixed at once."),
    )
    contingency_plan = forms.CharField(
        label=_("Contingency plan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, people, hazard=None, deadline_days=None, **kwargs):
        """`deadline_days`: the rule's days for this hazard's grade, when the caller has read
        them already (the rule set is read once for the page)."""
        super().__init__(*args, **kwargs)
        set_people(self.fields["responsible_person"], people)
        self.hazard = hazard
        if hazard is not None:
            if deadline_days is None:
                deadline_days = default_deadline_days(hazard.school, hazard.grade)
            latest = rectification.today() + timedelta(days=deadline_days)
            self.fields["deadline"].help_text = _(
                "The bureau's rule: %(days)s days for this grade, until %(date)s."
            ) % {"days": deadline_days, "date": f"{latest:%Y-%m-%d}"}

    def clean(self):
        """Every field's problem at once: the service's own checks, on what could be read."""
        data = super().clean()
        if self.hazard is None:
            return data
        problems = rectification.assignment_problems(
            self.hazard, **{name: data.get(name) for name in ASSIGNMENT_FIELDS}
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class RectifyForm(StyledForm):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("Photos of the result"), required=True)


class ExtensionForm(StyledForm):
    new_deadline = forms.DateField(label=_("New deadline"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class DecisionForm(StyledForm):
    grant = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Grant")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
        widget=QuickSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class AcceptForm(StyledForm):
    note = forms.CharField(label=_("Acceptance note"), required=False, max_length=500)
    photos = PhotosField(label=_("Photos"), required=False)


class SuperviseForm(StyledForm):
    note = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    supervision_deadline = forms.DateField(
        label=_("Supervision deadline"), required=False, widget=DateInput
    )


class FilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Status.choices],
        widget=QuickSelect,
    )
    grade = forms.ChoiceField(
        label=_("Grade"),
        required=False,
        choices=[("", _("Any grade")), *Grade.choices],
        widget=QuickSelect,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *Category.choices],
        widget=QuickSelect,
    )
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("Any source")), *Source.choices],
        widget=QuickSelect,
    )
    zone = zone_field()
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Anyone"),
        widget=QuickSelect,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    date_from = forms.DateField(label=_("Found from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Found until"), required=False, widget=DateInput)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("deadline", _("Deadline")),
            ("grade", _("Grade")),
            ("status", _("Status")),
        ],
        widget=QuickSelect,
    )

    def __init__(self, *args, school, people, **kwargs):
        super().__init__(*args, **kwargs)
        set_zone_choices(self.fields["zone"], school, _("Any zone"))
        set_people(self.fields["responsible"], people)


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Ledger (.xlsx)"))


class RuleSetForm(StyledForm):
    general_days = forms.IntegerField(label=_("Days to fix a general hazard"), min_value=1)
    major_days = forms.IntegerField(label=_("Days to fix a major hazard"), min_value=1)
    remind_days = forms.RegexField(
        label=_("Remind this many days before the deadline"),
        regex=r"^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$",
        help_text=_("Comma-separated, e.g. 3,1"),
        error_messages={"invalid": _("Write whole numbers separated by commas, e.g. 3,1")},
    )
    principal_after_days = forms.IntegerField(
        label=_("Escalate to the principal after this many days overdue"), min_value=0
    )
    source = forms.CharField(label=_("Source of these figures"), required=False, max_length=200)
