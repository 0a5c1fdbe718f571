"""The month a page shows: ?month=YYYY-MM, else this month; a bad one is a form error."""

from django.utils import timezone

from safecampus.core.metrics import Period
from safecampus.education.forms.fields import MonthForm


def month(request):
    """(form, Period or None): None with the form's error when ?month= is not a month."""
    if "month" not in request.GET:
        today = timezone.localdate()
        return MonthForm(initial={"month": f"{today:%Y-%m}"}), Period.month(today)
    form = MonthForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, Period.month(form.cleaned_data["month"])
