"""Forms of the campaign pages: input validation only; the services decide what may change."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import DateInput, StyledForm
from safecampus.hazards.models import Category
from safecampus.supervision.queries import campaigns as queries


class CampaignForm(StyledForm):
    """The campaign itself; its target schools come from core.targets.TargetForm beside it."""

    title = forms.CharField(label=_("Theme"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(
        label=_("Starts on"),
        widget=DateInput,
        help_text=_("The stages follow one another from this day; change them before launch."),
    )

    def __init__(self, *args, with_start=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_start:
            del self.fields["starts_on"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files from one input (photos, or PDF documents)."""

    widget = MultipleFileInput(attrs={"accept": "image/*,application/pdf"})

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(FilesField, self).clean(f, initial) for f in files]


def figures_text(figures):
    return "\n".join(f["label"] for f in figures)


def figures_from_text(text, existing):
    """One label a line; a label kept from before keeps its key, so hand-ins stay comparable."""
    keys = {f["label"]: f["key"] for f in existing}
    used = set(keys.values())
    figures, n = [], 0
    for line in text.splitlines():
        label = line.strip()
        if not label or any(f["label"] == label for f in figures):
            continue
        key = keys.get(label)
        while key is None or (key in used and key != keys.get(label)):
            n += 1
            key = f"figure{n}"
        used.add(key)
        figures.append({"key": key, "label": label})
    return figures


class StageForm(StyledForm):
    name = forms.CharField(label=_("Stage"), max_length=80)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    instructions = forms.CharField(
        label=_("What schools hand in"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs_report = forms.BooleanField(label=_("A written report"), required=False)
    needs_photos = forms.BooleanField(label=_("Photos"), required=False)
    figures = forms.CharField(
        label=_("Named figures"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line; every school must give each of them."),
    )
    version = forms.ModelChoiceField(
        label=_("Self-inspection checklist"),
        queryset=None,
        required=False,
        help_text=_("Optional: schools link the self-inspection they ran with it."),
    )

    def __init__(self, *args, stage, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": stage.name,
                "starts_on": stage.starts_on,
                "due_on": stage.due_on,
                "instructions": stage.instructions,
                "needs_report": stage.needs_report,
                "needs_photos": stage.needs_photos,
                "figures": figures_text(stage.figures),
                "version": stage.version_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.fields["version"].queryset = queries.checklists_for(stage.campaign.bureau)

    def values(self):
        data = dict(self.cleaned_data)
        data["figures"] = figures_from_text(data["figures"], self.stage.figures)
        return data


class SubmitForm(StyledForm):
    """A stage's hand-in: the report, one field per named figure, files, the self-inspection.
    The figures are checked by the service, which names each one that is missing."""

    text = forms.CharField(
        label=_("A written report"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = FilesField(label=_("Photos and documents"), required=False)
    inspection = forms.ModelChoiceField(label=_("Self-inspection"), queryset=None, required=False)

    def __init__(self, *args, stage, inspections, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        if stage.needs_report:
            self.fields["text"].required = True
            self.fields["text"].error_messages["required"] = gettext("Write the report.")
        for figure in stage.figures:
            # Required here too, so the page marks it; the service refuses it all the same.
            self.fields[f"figure_{figure['key']}"] = forms.CharField(
                label=figure["label"],
                max_length=20,
                error_messages={
                    "required": gettext("“%(label)s” is required.") % {"label": figure["label"]}
                },
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
            )
        self.fields["inspection"].queryset = inspections
        if stage.version_id is None:
            del self.fields["inspection"]
        if not stage.needs_photos:
            self.fields["files"].label = _("Attachments")
        self.order_fields(["text", *[f"figure_{f['key']}" for f in stage.figures]])

    def figure_fields(self):
        return [self[f"figure_{f['key']}"] for f in self.stage.figures]

    def values(self):
        data = self.cleaned_data
        return {
            "text": data.get("text", ""),
            "figures": {f["key"]: data.get(f"figure_{f['key']}", "") for f in self.stage.figures},
            "uploads": data.get("files") or [],
            "inspection": data.get("inspection"),
        }


class ReturnForm(StyledForm):
    reason = forms.CharField(label=_("Reason for returning"), max_length=300)


class CampaignHazardForm(StyledForm):
    place = forms.CharField(label=_("Where exactly"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(
        label=_("What is wrong"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = FilesField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    supervision_deadline = forms.DateField(
        label=_("The bureau's deadline"), required=False, widget=DateInput
    )

    def __init__(self, *args, by_bureau=False, **kwargs):
        super().__init__(*args, **kwargs)
        # A bureau's finding carries its deadline (the ledger's rule); a school's own does not.
        if by_bureau:
            self.fields["supervision_deadline"].required = True
        else:
            del self.fields["supervision_deadline"]
