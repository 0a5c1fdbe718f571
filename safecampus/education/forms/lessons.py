"""Input of a safety lesson."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import DateInput, PersonChoiceField, StyledForm
from safecampus.education.forms.fields import FilesField


class LessonForm(StyledForm):
    school_class = forms.ModelChoiceField(label=_("Class"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=DateInput)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    teacher = PersonChoiceField(label=_("Teacher"), queryset=None)
    attendance = forms.IntegerField(label=_("Students present"), min_value=0, max_value=200)
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    materials = FilesField(label=_("Materials (slides, worksheets, photos)"), required=False)
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, classes, topics, teachers, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("day", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes
        self.fields["topic"].queryset = topics
        self.fields["teacher"].queryset = teachers
