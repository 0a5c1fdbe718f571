"""A bureau's own topic or theme day."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import StyledForm
from safecampus.education.models import ThemeRule


class TopicForm(StyledForm):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Topic"), max_length=60)
    months = forms.CharField(
        label=_("Season (months)"),
        max_length=40,
        required=False,
        help_text=_("For example 5,6,7,8,9; leave empty for all year."),
    )
    for_holidays = forms.BooleanField(label=_("Suggested before holidays"), required=False)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


class ThemeForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None, required=False)
    rule = forms.ChoiceField(label=_("Rule"), choices=ThemeRule.choices)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31, initial=1)
    weekday = forms.IntegerField(
        label=_("Weekday (0 = Monday)"), min_value=0, max_value=6, initial=0
    )
    end_month = forms.IntegerField(label=_("To month"), min_value=1, max_value=12, required=False)
    end_day = forms.IntegerField(label=_("To day"), min_value=1, max_value=31, required=False)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
