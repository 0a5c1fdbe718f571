"""Input of the visit pages: planning, the filter, an item on site, the notice, the answers."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.forms import DateInput, StyledForm, set_zones
from safecampus.core.models import Org, User, Zone
from safecampus.inspections.models import TemplateVersion
from safecampus.supervision.models import ResponseKind, VisitKind, VisitStatus
from safecampus.supervision.services.visits import OUTCOMES, checklist_versions, inspectors_of


class _PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class _PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class _VersionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.template.name} v{obj.number}"


class PlanForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=VisitKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    planned_on = forms.DateField(label=_("date"), widget=DateInput())
    lead = _PersonField(label=_("lead inspector"), queryset=User.objects.none())
    inspectors = _PeopleField(
        label=_("inspectors"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    schools = forms.ModelMultipleChoiceField(
        label=_("schools"), queryset=Org.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    version = _VersionField(label=_("checklist"), queryset=TemplateVersion.objects.none())

    def __init__(self, *args, bureau, **kwargs):
        super().__init__(*args, **kwargs)
        people = inspectors_of(bureau)
        self.fields["lead"].queryset = people
        self.fields["inspectors"].queryset = people
        self.fields["inspectors"].help_text = _(
            "Besides the lead. A comprehensive visit needs at least the number of inspectors "
            "the bureau's rules set."
        )
        self.fields["schools"].queryset = (
            Org.objects.under(bureau).schools().order_by("path", "code")
        )
        for name in ("inspectors", "schools"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.fields["version"].queryset = TemplateVersion.objects.filter(
            pk__in=[v.pk for v in checklist_versions(bureau)]
        ).select_related("template")


class FilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("Any")), *VisitStatus.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("Any")), *VisitKind.choices], required=False
    )
    school = forms.ModelChoiceField(label=_("school"), queryset=Org.objects.none(), required=False)
    inspector = _PersonField(label=_("inspector"), queryset=User.objects.none(), required=False)
    start = forms.DateField(label=_("from"), required=False, widget=DateInput())
    end = forms.DateField(
        label=pgettext_lazy("date range", "to"), required=False, widget=DateInput()
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        if org.is_school:
            del self.fields["school"]
            del self.fields["inspector"]
            return
        self.fields["school"].queryset = Org.objects.under(org).schools().order_by("path", "code")
        self.fields["inspector"].queryset = inspectors_of(org)

    def filters(self):
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class RecordForm(StyledForm):
    outcome = forms.ChoiceField(
        choices=[(o, o) for o in OUTCOMES], widget=forms.RadioSelect, label=_("result")
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea, max_length=2000)
    zone = forms.ModelChoiceField(label=_("place"), queryset=Zone.objects.none(), required=False)
    place = forms.CharField(label=_("place, if no zone fits"), required=False, max_length=200)
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        set_zones(self.fields["zone"], school)


class IssueForm(StyledForm):
    opinion = forms.CharField(
        label=_("supervision opinion"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    rectify_by = forms.DateField(
        label=_("rectify by"),
        required=False,
        widget=DateInput(),
        help_text=_("Needed when an item failed."),
    )


class RespondForm(StyledForm):
    kind = forms.ChoiceField(label=_("response"), choices=ResponseKind.choices)
    text = forms.CharField(
        label=_("the school's response"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )


class CloseForm(StyledForm):
    note = forms.CharField(
        label=_("re-check"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("reason"), max_length=200)
