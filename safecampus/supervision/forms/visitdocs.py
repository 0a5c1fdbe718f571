"""Input for the cadence rules, the week of a briefing and the export filters."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import StyledForm
from safecampus.supervision.models import VisitKind, VisitStatus
from safecampus.supervision.services.visitdocs import FIGURES, SOURCE_MAX

LABELS = {
    "visits_per_inspector_week": _("Schools each inspector visits a week, at least"),
    "visits_per_school_semester": _("Visits each school gets a semester, at least"),
    "comprehensive_min_inspectors": _("Inspectors on a comprehensive visit, at least"),
    "reminder_days": _("Remind schools this many days before a task's deadline"),
}


class RulesForm(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in FIGURES.items():
            self.fields[name] = forms.IntegerField(
                label=LABELS[name], min_value=low, max_value=high
            )
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["source"] = forms.CharField(
            label=_("Source (the regulation or the bureau's decision)"),
            max_length=SOURCE_MAX,
            required=False,
        )
        self.fields["source"].widget.attrs["class"] = "form-control"


WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


class WeekForm(StyledForm):
    week = forms.CharField(
        label=_("Week"),
        max_length=8,
        widget=forms.TextInput(attrs={"type": "week"}),
        help_text=_("An ISO week, e.g. 2026-W48."),
    )

    def clean_week(self):
        found = WEEK_RE.match(self.cleaned_data["week"].strip())
        if found:
            year, week = int(found[1]), int(found[2])
            try:
                datetime.date.fromisocalendar(year, week, 1)
            except ValueError:
                pass
            else:
                if 2000 <= year <= 2100:
                    return year, week
        raise forms.ValidationError(_("Choose a week, e.g. 2026-W48."))


class VisitFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *VisitStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *VisitKind.choices]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return data

    def filters(self):
        return {
            key: self.cleaned_data.get(key) or ("" if key in ("status", "kind") else None)
            for key in ("status", "kind", "date_from", "date_to")
        }
