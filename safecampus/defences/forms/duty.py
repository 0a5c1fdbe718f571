"""Input for a shift handover on a phone: the post, the equipment at it, what happened, the open
items and the next guard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safecampus.core.forms import StyledForm
from safecampus.core.models import Membership, User, Zone
from safecampus.core.roles import Role

ITEM_CHOICES = [("", _("Not checked")), ("1", _("In order")), ("0", _("Not in order"))]


class HandoverForm(StyledForm):
    zone = forms.ModelChoiceField(label=_("Post"), queryset=Zone.objects.none())
    happened = forms.CharField(
        label=_("What happened on the shift"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    open_items = forms.CharField(
        label=_("Open items passed on"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    handed_to = forms.ModelChoiceField(
        label=_("Handed to"), queryset=User.objects.none(), required=False
    )
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, school, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["zone"].queryset = Zone.objects.filter(school=school).order_by("path_name")
        self.fields["zone"].label_from_instance = lambda zone: zone.path_name
        guards = Membership.objects.active().filter(org=school, role=Role.GUARD).values("user")
        self.fields["handed_to"].queryset = User.objects.filter(pk__in=guards).order_by(
            "display_name"
        )
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=f"{item.kind.name} × {item.count}",
                choices=ITEM_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("What is wrong"),
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def item_rows(self):
        return [(item, self[f"item_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def checks(self):
        """(item, ok, note) for each item looked at."""
        found = []
        for item in self.items:
            value = self.cleaned_data.get(f"item_{item.pk}")
            if value in ("0", "1"):
                found.append((item, value == "1", self.cleaned_data.get(f"note_{item.pk}", "")))
        return found
