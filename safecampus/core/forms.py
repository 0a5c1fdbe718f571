"""Forms of the shared kernel. Each validates input; services decide what may change."""

from django import forms
from django.conf import settings
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core import oneline
from safecampus.core.audit_labels import action_label
from safecampus.core.models import (
    DayKind,
    Department,
    NotificationSettings,
    Org,
    Post,
    PostKind,
    User,
    Zone,
    ZoneKind,
)
from safecampus.core.models.people import mobile_validator
from safecampus.core.roles import SCHOOL_ROLES, Role
from safecampus.core.widgets import QuickRenderer

# One renderer for every form, so its template engine is built once per process.
QUICK_RENDERER = QuickRenderer()


class StyledForm(forms.Form):
    """Adds Bootstrap classes so templates can render fields with one include."""

    default_renderer = QUICK_RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's own blank label has no Chinese translation yet: use ours.
            if isinstance(field, forms.ModelChoiceField) and str(field.empty_label) == str(
                BLANK_CHOICE_LABEL
            ):
                field.empty_label = _("— choose —")
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            if isinstance(field, forms.CharField) and isinstance(widget, forms.TextInput):
                field.validators.append(oneline.form_validator)


class DateInput(forms.DateInput):
    """A native date picker; it only understands ISO dates, whatever the UI language."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


def _path(zone):
    return zone.path_name


def set_zones(field, school):
    """Offer the school's zones in a choice field by their full paths, in path order (a room
    follows its floor, a floor its building)."""
    field.queryset = Zone.objects.filter(school=school).order_by("path_name", "pk")
    field.label_from_instance = lambda zone: zone.path_name


class LoginForm(StyledForm):
    username = forms.CharField(
        label=_("Username or mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SchoolProfileForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    school_kind = forms.ChoiceField(
        label=_("School kind"), choices=Org._meta.get_field("school_kind").choices
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    day_students = forms.IntegerField(label=_("Day students"), min_value=0, max_value=100000)
    boarding_students = forms.IntegerField(
        label=_("Boarding students"), min_value=0, max_value=100000
    )
    staff_count = forms.IntegerField(label=_("Staff"), min_value=0, max_value=100000)
    contact_name = forms.CharField(label=_("Contact person"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=32, required=False)
    emergency_phone = forms.CharField(label=_("Emergency phone"), max_length=32, required=False)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ZoneForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), choices=ZoneKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Inside"),
        queryset=Zone.objects.none(),
        required=False,
        empty_label=_("— top level —"),
    )
    responsible = PersonChoiceField(
        label=_("Responsible person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— nobody yet —"),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, zone_rows, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Zone.objects.filter(pk__in=[z.pk for z, _d in zone_rows])
        self.fields["parent"].choices = [("", self.fields["parent"].empty_label)] + [
            (z.pk, z.path_name) for z in sorted((z for z, _d in zone_rows), key=_path)
        ]
        self.fields["responsible"].queryset = people


class MoveZoneForm(StyledForm):
    parent = forms.ModelChoiceField(
        label=_("Move inside"),
        queryset=Zone.objects.none(),
        required=False,
        empty_label=_("— top level —"),
    )

    def __init__(self, *args, zone_rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Zone.objects.filter(pk__in=[z.pk for z, _d in zone_rows])
        self.fields["parent"].choices = [("", self.fields["parent"].empty_label)] + [
            (z.pk, z.path_name) for z in sorted((z for z, _d in zone_rows), key=_path)
        ]


class PostForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices)
    duties = forms.CharField(label=_("Safety duties"), widget=forms.Textarea(attrs={"rows": 6}))
    zone = forms.ModelChoiceField(
        label=_("Zone"),
        queryset=Zone.objects.none(),
        required=False,
        help_text=Post._meta.get_field("zone").help_text,
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(school=school).order_by("path_name")


class AssignForm(StyledForm):
    person = PersonChoiceField(label=_("Person"), queryset=User.objects.none())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


SCHOOL_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in SCHOOL_ROLES]


class StaffForm(StyledForm):
    display_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=60)
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and . @ + - _ only.")},
    )
    mobile = forms.CharField(
        label=_("Mobile number"), max_length=11, required=False, validators=[mobile_validator]
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=SCHOOL_ROLE_CHOICES)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; the person should change it after the first login."),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(school=school)


class GrantRoleForm(StyledForm):
    role = forms.ChoiceField(label=_("Role"), choices=SCHOOL_ROLE_CHOICES)


class DepartmentChoiceForm(StyledForm):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(school=school)


class DeactivateForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class DepartmentForm(StyledForm):
    name = forms.CharField(label=_("New department"), max_length=60)


class LetterForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    term_start = forms.DateField(label=_("Valid from"), widget=DateInput)
    term_end = forms.DateField(label=_("Valid until"), widget=DateInput)
    posts = forms.ModelMultipleChoiceField(
        label=_("To the holders of these posts"),
        queryset=Post.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("To these departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    roles = forms.MultipleChoiceField(
        label=_("To everyone with these roles"),
        choices=SCHOOL_ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = forms.FileField(label=_("Scanned letter (PDF or image, optional)"), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].queryset = Post.objects.filter(school=school)
        self.fields["departments"].queryset = Department.objects.filter(school=school)
        for name in ("posts", "departments", "roles"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if not (data.get("posts") or data.get("departments") or data.get("roles")):
            raise forms.ValidationError(_("Choose at least one post, department or role."))
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The letter's term must end after it starts."))
        return data


class TermForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    start = forms.DateField(label=_("Start"), widget=DateInput)
    end = forms.DateField(label=_("End"), widget=DateInput)


class CalendarDayForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=DayKind.choices)
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)


class AuditFilterForm(StyledForm):
    actor = forms.ModelChoiceField(
        label=_("Person"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    day_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    day_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args, people, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = people
        self.fields["action"].choices = [("", _("Any action"))] + [
            (a, action_label(a)) for a in actions
        ]


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["email_enabled"]
        widgets = {"email_enabled": forms.CheckboxInput(attrs={"class": "form-check-input"})}


class ProfileForm(StyledForm):
    display_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=60)
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Default")), *list(settings.LANGUAGES)], required=False
    )


class TokenForm(StyledForm):
    name = forms.CharField(label=_("Token name"), max_length=60)
