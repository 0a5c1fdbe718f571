"""Forms of checks. They parse input; the services decide what may change."""

from datetime import time

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import DateInput, StyledForm
from safecampus.core.models import Post, User, Zone
from safecampus.core.models.grid import PostKind
from safecampus.hazards.models import Category
from safecampus.inspections.models import (
    WEEKDAYS,
    Area,
    ChecklistTemplate,
    ItemKind,
    Recurrence,
    Schedule,
)


class TemplateForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemForm(StyledForm):
    group = forms.CharField(label=_("Group"), max_length=60, required=False)
    text = forms.CharField(label=_("What is checked"), max_length=200)
    kind = forms.ChoiceField(label=_("Answer"), choices=ItemKind.choices)
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)
    min_value = forms.DecimalField(label=_("Lowest allowed"), required=False, max_digits=10)
    max_value = forms.DecimalField(label=_("Highest allowed"), required=False, max_digits=10)
    unit = forms.CharField(label=_("Unit"), max_length=16, required=False)
    photo_on_fail = forms.BooleanField(
        label=_("Photo required when failed"), required=False, initial=True
    )
    category = forms.ChoiceField(
        label=_("Hazard category when failed"), choices=Category.choices, initial=Category.OTHER
    )


class ScheduleForm(StyledForm):
    template = forms.ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.none()
    )
    post = forms.ModelChoiceField(label=_("Post"), queryset=Post.objects.none(), required=False)
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)
    zone = forms.ModelChoiceField(
        label=_("Zone"),
        queryset=Zone.objects.none(),
        required=False,
        help_text=_(
            "Where the check is done. Without a post or person, the zone's responsible does it."
        ),
    )
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=Recurrence.choices)
    weekday = forms.TypedChoiceField(
        label=_("Day of the week (weekly)"),
        choices=[("", _("— choose —")), *WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    day_number = forms.IntegerField(
        label=_("Day (monthly: day of the month; each semester: n-th school day)"),
        required=False,
        min_value=1,
        max_value=60,
    )
    at = forms.TimeField(
        label=_("From (school time)"),
        initial=time(8, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    window_minutes = forms.IntegerField(
        label=_("Minutes to do it"), initial=60, min_value=5, max_value=24 * 60
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    school_days_only = forms.BooleanField(
        label=_("School days only (skip holidays)"), required=False, initial=True
    )

    def __init__(self, *args, school, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ChecklistTemplate.objects.filter(
            school=school, archived=False
        ).order_by("name")
        self.fields["post"].queryset = Post.objects.filter(school=school).order_by("name")
        self.fields["person"].queryset = people
        self.fields["zone"].queryset = Zone.objects.filter(school=school).order_by("path_name")


class PublishForm(ScheduleForm):
    """A bureau's checklist and its timing, for every school the target picks; at each school
    the holder of the chosen post does it."""

    post_kind = forms.ChoiceField(
        label=_("Done by the post"),
        choices=PostKind.choices,
        initial=PostKind.SAFETY_OFFICER,
        help_text=_("At each school, the holder of its post of this kind does the check."),
    )

    def __init__(self, *args, bureau, **kwargs):
        super().__init__(*args, school=bureau, people=User.objects.none(), **kwargs)
        for name in ("post", "person", "zone"):
            del self.fields[name]
        self.order_fields(["template", "post_kind"])


class PeriodForm(StyledForm):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 366:
            raise forms.ValidationError(_("Choose a period of at most one year."))
        return data


class InspectionFilterForm(PeriodForm):
    template = forms.ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.none(), required=False
    )
    failed = forms.BooleanField(label=_("With failed items only"), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        # The school's own checklists and those the bureau published to it.
        published = Schedule.objects.filter(school=school, publication__isnull=False)
        self.fields["template"].queryset = ChecklistTemplate.objects.filter(
            Q(school=school) | Q(pk__in=published.values("template_id"))
        ).order_by("name")
