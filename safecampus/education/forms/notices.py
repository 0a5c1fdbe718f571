"""Input of a notice to guardians (its target, text and term) and of a bureau's template."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import DateInput, StyledForm
from safecampus.education.services.notices import BODY_MAX, SOURCE_MAX, TITLE_MAX


class NoticeForm(StyledForm):
    """The target is one choice: the whole school, a grade ("grade:3") or a class ("class:12")."""

    target = forms.ChoiceField(label=_("Send to the guardians of"))
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    term_start = forms.DateField(label=_("Valid from"), widget=DateInput)
    term_end = forms.DateField(label=_("Valid until"), widget=DateInput)
    template = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        classes = list(classes)
        grades = sorted({c.grade for c in classes})
        self.classes = {c.pk: c for c in classes}
        self.fields["target"].choices = [
            ("school", _("the whole school")),
            (_("Grades"), [(f"grade:{g}", _("grade %(grade)s") % {"grade": g}) for g in grades]),
            (_("Classes"), [(f"class:{c.pk}", str(c)) for c in classes]),
        ]

    def clean(self):
        data = super().clean()
        kind, _sep, value = data.get("target", "").partition(":")
        data["school_class"] = self.classes.get(int(value)) if kind == "class" else None
        data["grade"] = int(value) if kind == "grade" else None
        return data


class TemplateForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Text"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 10})
    )
    source = forms.CharField(
        label=_("Source (the regulation or the bureau's decision)"),
        max_length=SOURCE_MAX,
        required=False,
    )
