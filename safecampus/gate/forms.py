"""Gate forms: each validates input; the services decide what may change."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.forms import DateInput, StyledForm
from safecampus.gate.models import DutySession, Handling, IdType, ItemKind, WatchlistAction

# On a phone the file picker offers the camera first.
CAMERA = forms.FileInput(attrs={"accept": "image/*", "capture": "environment"})


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class VisitorFields(StyledForm):
    name = forms.CharField(label=_("Visitor's name"), max_length=40)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, initial="resident")
    id_number = forms.CharField(label=_("ID number"), max_length=32, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=80, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    vehicle_plate = forms.CharField(label=_("Vehicle plate"), max_length=16, required=False)
    companions = forms.IntegerField(
        label=_("Companions"), min_value=0, max_value=50, initial=0, required=False
    )
    stay_minutes = forms.IntegerField(
        label=_("Expected stay (minutes)"), min_value=1, max_value=1440, required=False
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)


class VisitForm(VisitorFields):
    # The guard's post card says the host is called before a visitor goes in: the host is asked
    # for, and a walk-in with no one to meet (a delivery, a parent collecting a child) is ticked
    # as such on purpose rather than left blank by accident.
    host = forms.ModelChoiceField(label=_("Host"), queryset=None, required=False)
    walk_in = forms.BooleanField(
        label=_("No one to meet: a delivery or a parent collecting a child"), required=False
    )
    photo = forms.ImageField(label=_("Photo"), required=False, widget=CAMERA)
    field_order = [
        "name",
        "id_type",
        "id_number",
        "phone",
        "organisation",
        "purpose",
        "host",
        "walk_in",
    ]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = people
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        if data.get("host") is None and not data.get("walk_in") and "host" not in self.errors:
            self.add_error(
                "host", _("Name the host the guard calls, or tick that there is no one to meet.")
            )
        if data.get("host") is not None and data.get("walk_in"):
            self.add_error("walk_in", _("A visitor with a host is not a walk-in."))
        return data


class InviteForm(VisitorFields):
    expected_on = forms.DateField(label=_("Expected on"), widget=DateInput())
    field_order = ["name", "expected_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_on"].initial = timezone.localdate()


class PassCodeForm(StyledForm):
    code = forms.CharField(label=_("Pass code"), max_length=8, min_length=8)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class OverrideForm(StyledForm):
    reason = forms.CharField(label=_("Reason for admitting anyway"), max_length=200)


class RefuseForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class WatchlistForm(StyledForm):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40)
    id_number = forms.CharField(label=_("ID number"), max_length=32, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    action = forms.ChoiceField(
        label=pgettext_lazy("watchlist", "Action"), choices=WatchlistAction.choices
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput(), required=False)
    photo = forms.ImageField(label=_("Photo"), required=False, widget=CAMERA)


class StudentSearchForm(StyledForm):
    q = forms.CharField(
        label=_("Student's name or number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Student's name or number")}),
    )


class ExitForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)
    leave_from = forms.DateTimeField(label=_("Leaving from"), widget=DateTimeInput())
    return_by = forms.DateTimeField(label=_("Returning by"), widget=DateTimeInput(), required=False)
    accompanying_adult = forms.CharField(
        label=_("Accompanying adult"), max_length=60, required=False
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["leave_from"].initial = now
        self.fields["return_by"].initial = now + timedelta(hours=2)


class PickupPersonForm(StyledForm):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40)
    relation = forms.CharField(label=_("Relation to the child"), max_length=20)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    id_number = forms.CharField(label=_("ID number"), max_length=32, required=False)
    photo = forms.ImageField(label=_("Photo"), required=False, widget=CAMERA)
    consent_by = forms.CharField(label=_("Consent given by (guardian)"), max_length=40)
    consent = forms.CharField(
        label=_("How the consent was given"),
        max_length=200,
        help_text=_("e.g. signed form handed to the class teacher on 3 September"),
    )


class PickupPhotoForm(StyledForm):
    photo = forms.ImageField(label=_("Photo"), widget=CAMERA)


class ProposePickupPersonForm(StyledForm):
    """A guardian's proposal from their phone: the school confirms it before the gate uses it."""

    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40)
    relation = forms.CharField(
        label=_("Relation to your child"),
        max_length=20,
        help_text=_("e.g. grandmother, uncle, neighbour"),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    photo = forms.ImageField(
        label=_("Photo of the face"),
        required=False,
        # No `capture`: a guardian usually picks a photo they already have.
        widget=forms.FileInput(attrs={"accept": "image/*"}),
        help_text=_("The gate compares the person with it. It is made smaller before storing."),
    )


class RefuseProposalForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason (the guardian reads it)"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RefusePickupForm(StyledForm):
    claimed_name = forms.CharField(label=_("Name the person gave"), max_length=40)
    claimed_relation = forms.CharField(label=_("Says they are"), max_length=20, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)


class ConfiscationForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    item = forms.CharField(label=_("Item"), max_length=120)
    student = forms.ModelChoiceField(label=_("Student"), queryset=None, required=False)
    place = forms.CharField(label=_("Where found"), max_length=80)
    found_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    handling = forms.ChoiceField(label=_("Handling"), choices=Handling.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["student"].label_from_instance = lambda s: (
            f"{s.school_class.name} {s.student_number} {s.name}"
        )
        self.fields["found_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class DutyForm(StyledForm):
    day = forms.DateField(label=_("Day"), widget=DateInput())
    session = forms.ChoiceField(label=_("Session"), choices=DutySession.choices)
    guards = forms.IntegerField(label=_("Guards"), min_value=0, max_value=200)
    teachers = forms.IntegerField(label=_("Teachers"), min_value=0, max_value=200)
    police = forms.IntegerField(
        label=pgettext_lazy("people at the gate", "Police"), min_value=0, max_value=200
    )
    barriers = forms.BooleanField(label=_("Barriers in place"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["day"].initial = now.date()
        self.fields["session"].initial = "arrival" if now.hour < 12 else "dismissal"


class SettingsForm(StyledForm):
    closing_time = forms.TimeField(
        label=_("Pick-up closing time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    default_stay_minutes = forms.IntegerField(
        label=_("Default visit length (minutes)"), min_value=1, max_value=1440
    )


class RangeForm(StyledForm):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    MAX_DAYS = 366

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start).days > self.MAX_DAYS):
            raise forms.ValidationError(
                _("Choose a range of at most a year, ending after it starts.")
            )
        return data

    @classmethod
    def default_range(cls, data, days=7):
        today = timezone.localdate()
        form = cls(data or None, initial={"start": today - timedelta(days=days - 1), "end": today})
        if form.is_bound and form.is_valid():
            return form, form.cleaned_data["start"], form.cleaned_data["end"]
        return form, today - timedelta(days=days - 1), today


class ReleaseForm(StyledForm):
    """Who came for the student (someone on the list, or someone else) and the ID checked."""

    who = forms.ChoiceField(
        label=_("Who came for the student"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    claimed_name = forms.CharField(label=_("Name they gave"), max_length=40, required=False)
    claimed_relation = forms.CharField(label=_("Says they are"), max_length=20, required=False)
    id_type = forms.ChoiceField(label=_("ID checked"), choices=IdType.choices, required=False)
    id_last4 = forms.CharField(
        label=_("Last 4 characters of the ID"), max_length=4, min_length=4, required=False
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    OTHER = "other"

    def __init__(self, *args, guardians, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.guardians = {f"g{g.pk}": g for g in guardians}
        self.persons = {f"p{p.pk}": p for p in persons}
        choices = [(k, f"{g} · {g.masked_phone}") for k, g in self.guardians.items()]
        choices += [(k, f"{p} · {_('authorised')}") for k, p in self.persons.items()]
        choices.append((self.OTHER, _("Someone not on this list")))
        self.fields["who"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("who") == self.OTHER:
            if not (data.get("claimed_name") or "").strip():
                self.add_error("claimed_name", _("Write down the name the person gave."))
        elif data.get("who"):
            if not data.get("id_type"):
                self.add_error("id_type", _("Choose the ID document you checked."))
            if not data.get("id_last4"):
                self.add_error("id_last4", _("Write the last 4 characters of the ID you checked."))
        return data

    def chosen(self):
        who = self.cleaned_data["who"]
        return self.guardians.get(who), self.persons.get(who)
