"""Forms of dispatched tasks: sending one, a school's reply, the sender's review, the filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.forms import StyledForm
from safecampus.supervision.models import DispatchKind, DispatchStatus
from safecampus.supervision.services.dispatch import FIGURE_MAX, MAX_ATTACHMENTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files (photos or PDFs) from one input."""

    widget = MultipleFileInput(attrs={"accept": "image/*,application/pdf"})

    def clean(self, data, initial=None):
        if not data:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("At most %(n)d files can be attached.") % {"n": MAX_ATTACHMENTS}
            )
        return [super(FilesField, self).clean(f, initial) for f in files]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class SendForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=DispatchKind.choices,
        initial=DispatchKind.TASK,
        widget=forms.RadioSelect,
        help_text=_("A notice needs only an acknowledgement; a task needs a reply."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=pgettext_lazy("dispatch", "Text"), max_length=10000, widget=forms.Textarea
    )
    attachments = FilesField(label=_("Attachments"), required=False)
    deadline = forms.DateTimeField(
        label=pgettext_lazy("dispatch", "Deadline"),
        required=False,
        widget=DateTimeInput,
        help_text=_("Required for a task; optional for a notice."),
    )
    needs_text = forms.BooleanField(label=_("The reply must have a text"), required=False)
    needs_attachments = forms.BooleanField(
        label=_("The reply must have attachments"), required=False
    )
    figures = forms.CharField(
        label=_("Figures the reply must give"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line, e.g. “Fire extinguishers checked”. Leave empty for none."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-check-input"
        if not self.is_bound:
            self.initial.setdefault("needs_text", True)

    def send_arguments(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "body": data["body"],
            "deadline": data["deadline"],
            "needs_text": data["needs_text"],
            "needs_attachments": data["needs_attachments"],
            "figure_labels": (data["figures"] or "").splitlines(),
            "attachments": data["attachments"],
        }


class ReplyForm(StyledForm):
    """The school's reply: the text, the files, and one number field per named figure. What the
    task requires is checked by the service (the API's replies get the same messages); the
    browser is asked to insist too."""

    text = forms.CharField(
        label=_("Reply"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = FilesField(label=_("Attachments"), required=False)

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["text"].widget.attrs["required"] = task.needs_text
        self.fields["attachments"].widget.attrs["required"] = task.needs_attachments
        for figure in task.figures:
            self.fields[f"figure_{figure['key']}"] = forms.DecimalField(
                label=figure["label"],
                required=False,
                min_value=0,
                max_value=FIGURE_MAX,
                decimal_places=2,
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control",
                        "inputmode": "decimal",
                        "step": "any",
                        "required": True,
                    }
                ),
            )

    def figure_fields(self):
        return [self[f"figure_{f['key']}"] for f in self.task.figures]

    def reply_arguments(self):
        data = self.cleaned_data
        return {
            "text": data["text"],
            "attachments": data["attachments"],
            "figures": {f["key"]: data.get(f"figure_{f['key']}") for f in self.task.figures},
        }


class ReviewForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        max_length=300,
        help_text=_("Required to return the reply; the school sees it."),
    )


class SentFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Every kind")), *DispatchKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Every status")), *DispatchStatus.choices],
        required=False,
    )
    overdue = forms.BooleanField(label=_("With overdue schools"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "status"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm w-auto"
        self.fields["overdue"].widget.attrs["class"] = "form-check-input"

    def filters(self):
        if not self.is_valid():
            return {}
        return {
            "kind": self.cleaned_data["kind"],
            "status": self.cleaned_data["status"],
            "overdue": self.cleaned_data["overdue"],
        }


def with_checkboxes(target):
    """The target form's kinds and nodes as checkboxes: a bureau ticks a few of a short list."""
    for name in ("school_kinds", "under"):
        field = target.fields[name]
        field.widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
        field.widget.choices = field.choices
    return target
