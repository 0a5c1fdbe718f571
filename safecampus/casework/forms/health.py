"""Forms of the health notes: recording one, the guardian's notice, the list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.casework.models import HealthKind, HealthStatus
from safecampus.casework.queries import health as queries
from safecampus.core.forms import StyledForm


class StudentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.school_class} · {obj.name} ({obj.student_number})"


class HealthForm(StyledForm):
    student = StudentChoice(label=_("Student"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=HealthKind.choices)
    detail = forms.CharField(
        label=_("What it is"),
        max_length=300,
        help_text=_("e.g. peanuts and tree nuts; since 2024."),
    )
    emergency = forms.CharField(
        label=_("What to do in an emergency"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pe_limits = forms.CharField(
        label=_("PE restrictions"),
        max_length=300,
        required=False,
        help_text=_("Empty: none."),
    )
    notice = forms.FileField(
        label=_("The guardian's written notice"),
        required=False,
        help_text=_("A PDF or a photo of the signed notice."),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = queries.students(school)


class NoticeForm(StyledForm):
    notice = forms.FileField(
        label=_("The guardian's written notice"),
        help_text=_("A PDF or a photo of the signed notice."),
    )


class HealthFilterForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *HealthKind.choices]
    )
    school_class = forms.ModelChoiceField(
        label=_("Class"), required=False, queryset=None, empty_label=_("All classes")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (HealthStatus.ACTIVE, HealthStatus.ACTIVE.label),
            (HealthStatus.CLOSED, HealthStatus.CLOSED.label),
        ],
    )
    pe_only = forms.BooleanField(label=_("PE restrictions only"), required=False)

    def __init__(self, *args, user, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = queries.classes(user=user, school=school)

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "school_class": data["school_class"],
            "status": data["status"] or HealthStatus.ACTIVE,
            "pe_only": data["pe_only"],
        }
