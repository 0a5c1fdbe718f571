"""The request for a summary: a term from the calendar, a year, or dates of one's own."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.forms import DateInput, StyledForm
from safecampus.reports.models import SUMMARY_KIND


class SummaryForm(StyledForm):
    kind = forms.ChoiceField(label=gettext_lazy("Document"), required=False)
    period = forms.ChoiceField(label=gettext_lazy("Period"))
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Left empty, the title names the school and the period."),
    )

    def __init__(self, *args, org, terms, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        # The summary, and the other documents of core.reporting the person may ask for.
        self.kinds = {k.key: k for k in kinds}
        self.fields["kind"].choices = [(SUMMARY_KIND, _("Safety summary"))] + [
            (k.key, k.title) for k in kinds
        ]
        self.terms = {str(t.pk): t for t in terms}
        year = timezone.localdate().year
        choices = [
            (f"term:{t.pk}", f"{t.name} ({t.start:%Y-%m-%d} – {t.end:%Y-%m-%d})") for t in terms
        ]
        choices += [(f"year:{y}", _("The year %(year)s") % {"year": y}) for y in (year, year - 1)]
        choices.append(("dates", _("Dates of my own")))
        self.fields["period"].choices = choices

    def clean(self):
        data = super().clean()
        chosen = data.get("period", "")
        kind, _sep, value = chosen.partition(":")
        if kind == "term":
            term = self.terms[value]
            # A term's name says it is a term ("2026 春季学期").
            data["start"], data["end"], name = term.start, term.end, term.name
            kind_name = ""
        elif kind == "year":
            year = int(value)
            data["start"], data["end"], name = date(year, 1, 1), date(year, 12, 31), str(year)
            kind_name = _("annual")
        else:
            if not data.get("start") or not data.get("end"):
                raise forms.ValidationError(_("Give both dates, or choose a term or a year."))
            name, kind_name = f"{data['start']:%Y-%m-%d}–{data['end']:%Y-%m-%d}", ""
        kind = data.get("kind") or SUMMARY_KIND
        data["kind"] = kind
        if not data.get("title") and kind != SUMMARY_KIND:
            data["title"] = f"{self.org.name} {name} {self.kinds[kind].title}"
        if not data.get("title"):
            data["title"] = _("%(org)s %(period)s %(kind)s safety summary") % {
                "org": self.org.name,
                "period": name,
                "kind": kind_name,
            }
            data["title"] = " ".join(data["title"].split())
        return data
