"""Transport forms: each validates input; the services decide what may change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import DateInput, PersonChoiceField, StyledForm
from safecampus.core.models import User
from safecampus.students.models import SchoolClass, Student
from safecampus.transport.models import (
    DepartmentKind,
    Direction,
    MarkKind,
    Outcome,
    OutingKind,
    ProblemStatus,
    ProblemType,
    TripStatus,
)
from safecampus.transport.queries import buses as queries
from safecampus.transport.queries import outings as outing_queries


class VehicleForm(StyledForm):
    plate = forms.CharField(label=_("Plate"), max_length=16)
    seats = forms.IntegerField(label=_("Approved seats for students"), min_value=1, max_value=80)
    inspected_on = forms.DateField(label=_("Last technical inspection"), widget=DateInput)
    insured_until = forms.DateField(label=_("Insurance valid until"), widget=DateInput)
    equipment = forms.MultipleChoiceField(
        label=_("Equipment on board"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("In service"), required=False, initial=True)

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].choices = [(item, item) for item in rules.equipment]


class DriverForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=40)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        help_text=_("The age is read from it (GB 11643)."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    licensed_on = forms.DateField(label=_("Driving since"), widget=DateInput)
    reexamined_on = forms.DateField(label=_("Last yearly re-examination"), widget=DateInput)
    background_checked_on = forms.DateField(label=_("Last background check"), widget=DateInput)
    is_active = forms.BooleanField(label=_("In service"), required=False, initial=True)


class RouteForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    vehicle = forms.ModelChoiceField(label=_("Bus"), queryset=None)
    driver = forms.ModelChoiceField(label=_("Driver"), queryset=None)
    attendant = PersonChoiceField(
        label=_("Attendant"),
        queryset=None,
        help_text=_("The adult on board who takes the roll call on every trip."),
    )
    is_active = forms.BooleanField(label=_("Running"), required=False, initial=True)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = queries.vehicle_choices(school)
        self.fields["driver"].queryset = queries.driver_choices(school)
        self.fields["attendant"].queryset = (
            User.objects.filter(memberships__org=school, memberships__ended_at__isnull=True)
            .distinct()
            .order_by("display_name", "pk")
        )


class StopForm(StyledForm):
    name = forms.CharField(label=_("Stop"), max_length=60)
    morning_time = forms.TimeField(
        label=_("Morning pick-up"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    afternoon_time = forms.TimeField(
        label=_("Afternoon drop-off"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )


class RiderForm(StyledForm):
    student = forms.ModelChoiceField(label=_("Student"), queryset=None)
    stop = forms.ModelChoiceField(label=_("Stop"), queryset=None)

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = queries.unrouted_students(route.school)
        self.fields["student"].label_from_instance = lambda s: f"{s.school_class} {s.name}"
        self.fields["stop"].queryset = route.stops.order_by("position", "pk")


class StartForm(StyledForm):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)


class MarkForm(StyledForm):
    student = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=MarkKind.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Where is the student, and with whom?"), max_length=200, required=False
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)


class TripFilterForm(StyledForm):
    day = forms.DateField(label=_("Day"), required=False, widget=DateInput)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *TripStatus.choices]
    )

    def filters(self):
        if not self.is_valid():
            return {}
        return {"day": self.cleaned_data["day"], "status": self.cleaned_data["status"]}


class ProblemForm(StyledForm):
    kind = forms.ModelChoiceField(label=_("Type"), queryset=None)
    place = forms.CharField(label=_("Place"), max_length=200)
    distance_m = forms.IntegerField(
        label=_("Distance from the gate (metres)"), min_value=0, max_value=5000
    )
    description = forms.CharField(
        label=_("What was seen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ProblemType.objects.filter(pk__in=[t.pk for t in types])
        self.fields["kind"].label_from_instance = _type_label


def _type_label(kind):
    if kind.radius_m is None:
        return f"{kind.name} · {kind.department}"
    return f"{kind.name} · {kind.radius_m} m · {kind.department}"


class AnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("The department's answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecheckForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("What the re-check found"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JointForm(StyledForm):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    departments = forms.CharField(label=_("Departments taking part"), max_length=200)
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProblemFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ProblemStatus.choices]
    )

    def filters(self):
        return {"status": self.cleaned_data["status"]} if self.is_valid() else {}


class PlatformReferForm(StyledForm):
    """Refer to a department on the platform (it is told and answers itself), or by name."""

    referred_to = forms.ModelChoiceField(
        label=_("Department on the platform"),
        queryset=None,
        required=False,
        empty_label=_("— not on the platform: name it below —"),
    )
    department = forms.CharField(label=_("Referred to"), max_length=120, required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_to"].queryset = departments

    def clean(self):
        data = super().clean()
        if not data.get("referred_to") and not (data.get("department") or "").strip():
            self.add_error("department", _("Choose a department or name one."))
        return data


class ReturnForm(StyledForm):
    note = forms.CharField(
        label=_("Why it is not for your department"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DepartmentAnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("Your answer to the school"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you did or found: the school re-checks and closes the problem."),
    )


class DepartmentForm(StyledForm):
    area = forms.ModelChoiceField(label=_("Area (district or street)"), queryset=None)
    kind = forms.ChoiceField(label=_("Type"), choices=DepartmentKind.choices)
    name = forms.CharField(label=_("Name"), max_length=80)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class DepartmentAccountForm(StyledForm):
    display_name = forms.CharField(label=_("Name"), max_length=60)
    username = forms.CharField(label=_("Username"), max_length=150)
    mobile = forms.RegexField(
        label=_("Mobile"), regex=r"^1[3-9]\d{9}$", required=False, max_length=11
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128)


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker (ISO, whatever the UI language)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format="%Y-%m-%dT%H:%M"):
        super().__init__(attrs=attrs, format=format)


class OutingForm(StyledForm):
    """The request: what, where, when, the plans and the insurance, then who goes (whole
    classes and single students from the roll) and the adults who lead them."""

    kind = forms.ChoiceField(label=_("type"), choices=OutingKind.choices)
    title = forms.CharField(label=_("title"), max_length=120)
    destination = forms.CharField(label=_("destination"), max_length=200)
    starts_at = forms.DateTimeField(label=_("leaves"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("back"), widget=DateTimeInput())
    plan = forms.CharField(
        label=_("plan"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Programme, transport, meeting point and times."),
    )
    security_plan = forms.CharField(
        label=_("security plan"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who counts the students when, first aid, what to do if one is lost."),
    )
    insurance = forms.CharField(
        label=_("insurance (insurer, policy)"), max_length=200, required=False
    )
    classes = forms.ModelMultipleChoiceField(
        label=_("Whole classes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    students = forms.ModelMultipleChoiceField(
        label=_("Single students"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Add students from other classes; whole classes above come in full."),
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("accompanying staff"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classes"].queryset = SchoolClass.objects.filter(school=school)
        self.fields["students"].queryset = (
            Student.objects.filter(school=school, is_active=True)
            .select_related("school_class")
            .order_by("school_class__grade", "school_class__name", "name", "pk")
        )
        self.fields["students"].label_from_instance = lambda s: f"{s.school_class} {s.name}"
        self.fields["staff"].queryset = outing_queries.staff_choices(school)
        self.fields["staff"].label_from_instance = str

    def everyone(self):
        """The students chosen, by class and one by one, without repeats."""
        data = self.cleaned_data
        chosen = {s.pk: s for s in data["students"]}
        for student in Student.objects.filter(
            school_class__in=data["classes"], is_active=True
        ).select_related("school_class"):
            chosen.setdefault(student.pk, student)
        return list(chosen.values())


class TrafficPlanForm(StyledForm):
    """A new version of the traffic plan (一校一策), prefilled with the one in force."""

    peak_times = forms.CharField(
        label=_("peak times"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    zones = forms.CharField(
        label=_("pick-up and drop-off zones"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    routes = forms.CharField(
        label=_("walking and vehicle routes"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    crossings = forms.CharField(
        label=_("crossings and their posts"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contacts = forms.CharField(
        label=_("contacts (traffic police, street office, school)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follows = forms.CharField(
        label=_("follows (source or reference)"),
        max_length=200,
        help_text=_("The document or standard the plan follows, e.g. GB 5768.8-2018."),
    )


class CrossingPostForm(StyledForm):
    place = forms.CharField(label=_("crossing place"), max_length=120)
    starts = forms.TimeField(label=_("post starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("post ends"), widget=forms.TimeInput(attrs={"type": "time"}))


class VolunteerForm(StyledForm):
    post = forms.ModelChoiceField(label=_("Crossing post"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=DateInput)
    name = forms.CharField(label=_("volunteer"), max_length=40)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts


class BusRulesForm(StyledForm):
    """The bureau's own school-bus figures; the bounds are the model's."""

    name = forms.CharField(label=_("Name"), max_length=80)
    source = forms.CharField(label=_("Source"), max_length=200)
    inspection_months = forms.IntegerField(
        label=_("technical inspection every (months)"), min_value=1, max_value=24
    )
    driver_min_age = forms.IntegerField(
        label=_("driver's youngest age"), min_value=18, max_value=70
    )
    driver_max_age = forms.IntegerField(label=_("driver's oldest age"), min_value=18, max_value=75)
    driving_years = forms.IntegerField(
        label=_("years of driving, at least"), min_value=0, max_value=30
    )
    reexam_months = forms.IntegerField(
        label=_("driver re-examined every (months)"), min_value=1, max_value=36
    )
    background_months = forms.IntegerField(
        label=_("background check renewed every (months)"), min_value=1, max_value=36
    )
    equipment = forms.CharField(
        label=_("Required equipment on board (one a line)"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_equipment(self):
        items = [line.strip() for line in self.cleaned_data["equipment"].splitlines()]
        items = list(dict.fromkeys(item for item in items if item))
        if not items or len(items) > 12 or any(len(item) > 40 for item in items):
            raise forms.ValidationError(
                _("List 1 to 12 items, one a line, each at most 40 characters.")
            )
        return items

    def clean(self):
        data = super().clean()
        low, high = data.get("driver_min_age"), data.get("driver_max_age")
        if low is not None and high is not None and low > high:
            self.add_error("driver_max_age", _("The youngest age is above the oldest."))
        return data


class OutingRulesForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=80)
    source = forms.CharField(label=_("Source"), max_length=200)
    students_per_staff = forms.IntegerField(
        label=_("students per accompanying adult, at most"), min_value=1, max_value=100
    )
    min_staff = forms.IntegerField(
        label=_("accompanying adults, at least"), min_value=1, max_value=20
    )
