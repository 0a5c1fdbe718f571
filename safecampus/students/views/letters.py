"""Sending a responsibility letter to a class's guardians, and the guardian's link."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.forms import StyledForm
from safecampus.core.models import ResponsibilityLetter
from safecampus.core.roles import Cap
from safecampus.core.views.base import school_view, service_call
from safecampus.students import letters, queries


class SendForm(StyledForm):
    letter = forms.ModelChoiceField(label=gettext_lazy("Letter"), queryset=None)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].queryset = ResponsibilityLetter.objects.filter(school=school)


class AckForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=40)


@school_view(Cap.LETTER_MANAGE)
def class_letter(request, school, class_id):
    school_class = queries.class_for_letters(user=request.user, school=school, class_id=class_id)
    if school_class is None:
        raise Http404
    form = SendForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            copies = letters.send_to_guardians(
                actor=request.user, letter=form.cleaned_data["letter"], school_class=school_class
            )
        if call.ok:
            messages.success(request, _("Sent to %(n)s guardians.") % {"n": len(copies)})
            return redirect("students:class_letter", school.pk, school_class.pk)
    copies = queries.class_letter_copies(user=request.user, school_class=school_class)
    return render(
        request,
        "students/class_letter.html",
        {"school": school, "school_class": school_class, "form": form, "copies": copies},
        status=400 if request.method == "POST" else 200,
    )


def guardian_letter(request, token):
    """Public: the guardian opens their link, reads the letter and confirms with their name."""
    copy = queries.guardian_letter_by_token(token)
    if copy is None:
        raise Http404
    form = AckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            letters.acknowledge(copy=copy, name=form.cleaned_data["name"])
        if call.ok:
            return redirect("students:guardian_letter", token)
    return render(request, "students/guardian_letter.html", {"copy": copy, "form": form})
