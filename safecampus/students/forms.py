from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.forms import StyledForm
from safecampus.students.models import MarkStatus


class ClassForm(StyledForm):
    grade = forms.IntegerField(
        label=pgettext_lazy("school year", "Grade"), min_value=1, max_value=19
    )
    name = forms.CharField(label=_("Class name"), max_length=40)
    head_teacher = forms.ModelChoiceField(label=_("Head teacher"), queryset=None, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head_teacher"].queryset = people


class StudentForm(StyledForm):
    school_class = forms.ModelChoiceField(label=_("Class"), queryset=None)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40)
    student_number = forms.CharField(label=_("Student number"), max_length=32)
    id_number = forms.CharField(label=_("ID number"), max_length=32, required=False)
    guardian_name = forms.CharField(label=_("Guardian"), max_length=40)
    guardian_relation = forms.CharField(label=_("Relation"), max_length=20)
    guardian_phone = forms.CharField(label=_("Phone"), max_length=20)
    guardian2_name = forms.CharField(label=_("Guardian 2"), max_length=40, required=False)
    guardian2_relation = forms.CharField(label=_("Relation 2"), max_length=20, required=False)
    guardian2_phone = forms.CharField(label=_("Phone 2"), max_length=20, required=False)

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes

    def guardians(self):
        d = self.cleaned_data
        return [
            {"name": d[f"{p}_name"], "relation": d[f"{p}_relation"], "phone": d[f"{p}_phone"]}
            for p in ("guardian", "guardian2")
        ]

    @staticmethod
    def initial_for(student):
        initial = {
            "school_class": student.school_class_id,
            "name": student.name,
            "student_number": student.student_number,
            "id_number": student.id_number,
        }
        for prefix, g in zip(("guardian", "guardian2"), student.guardians.all(), strict=False):
            initial |= {
                f"{prefix}_name": g.name,
                f"{prefix}_relation": g.relation,
                f"{prefix}_phone": g.phone,
            }
        return initial


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Workbook (.xlsx)"))


class SearchForm(StyledForm):
    q = forms.CharField(
        label=_("Name or student number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name or student number")}),
    )


class RollMarkForm(forms.Form):
    student = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=MarkStatus.choices)
    note = forms.CharField(max_length=200, required=False)
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
