"""Forms of the persons of concern: opening a case, assessing it, a follow-up, closing, the
list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.casework.models import PSYCH_RISK, ConcernStatus, RiskLevel, SubjectKind
from safecampus.casework.queries import concerns as queries
from safecampus.core.forms import DateInput, StyledForm
from safecampus.students.models import Student

PSYCH_CHOICES = [("", _("— not assessed —"))] + [(str(k), v) for k, v in PSYCH_RISK]


class AssessFields(StyledForm):
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    psych_risk = forms.TypedChoiceField(
        label=_("Psychological risk (0–5)"),
        choices=PSYCH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Grades 3 to 5 flag the case to the police liaison (the school's rule)."),
    )
    assessment = forms.CharField(
        label=_("Risk assessment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    measures = forms.CharField(
        label=pgettext_lazy("casework", "Measures"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Counselling, talks with the family, a teacher who watches, close control."),
    )


class OpenForm(AssessFields):
    subject_kind = forms.ChoiceField(
        label=_("Who"), choices=SubjectKind.choices, initial=SubjectKind.STUDENT
    )
    student_number = forms.CharField(
        label=_("Student number"),
        required=False,
        max_length=32,
        help_text=_("For a student: the number on the roll."),
    )
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False)
    name = forms.CharField(
        label=_("Name"), required=False, max_length=40, help_text=_("For an outsider.")
    )
    id_number = forms.CharField(
        label=_("ID number"), required=False, max_length=32, help_text=_("For an outsider.")
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    responsible = forms.ModelChoiceField(label=_("Responsible person"), queryset=None)

    field_order = [
        "subject_kind",
        "student_number",
        "staff",
        "name",
        "id_number",
        "category",
        "risk_level",
        "psych_risk",
        "responsible",
        "assessment",
        "measures",
    ]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        people = queries.staff_of(school)
        self.fields["staff"].queryset = people
        self.fields["responsible"].queryset = queries.responsibles(school)
        self.fields["category"].queryset = queries.categories()

    def clean(self):
        data = super().clean()
        data["student"] = None
        number = (data.get("student_number") or "").strip()
        if data.get("subject_kind") == SubjectKind.STUDENT:
            student = Student.objects.filter(
                school=self.school, student_number=number, is_active=True
            ).first()
            if student is None:
                self.add_error("student_number", _("No student of this school has this number."))
            data["student"] = student
        return data

    def arguments(self):
        data = dict(self.cleaned_data)
        data.pop("student_number", None)
        return data


class AssessForm(AssessFields):
    pass


class FollowUpForm(StyledForm):
    note = forms.CharField(
        label=_("What was found and done"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_due = forms.DateField(
        label=_("Next review"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty for the rule's interval."),
    )


class CloseForm(StyledForm):
    reason = forms.CharField(label=_("Why the case is closed"), max_length=300)


class FilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("open", _("Open or under measures")),
            *list(ConcernStatus.choices),
        ],
    )
    risk_level = forms.ChoiceField(
        label=_("Risk level"), required=False, choices=[("", _("All")), *list(RiskLevel.choices)]
    )
    overdue = forms.BooleanField(label=_("Review overdue"), required=False)
    flagged = forms.BooleanField(label=_("Flagged to the police"), required=False)

    def filters(self):
        if not self.is_valid():
            return {}
        return dict(self.cleaned_data)
