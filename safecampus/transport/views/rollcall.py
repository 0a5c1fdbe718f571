"""The roll-call tap a bus trip and an outing share: the form posts the student, the mark and a
client UUID (a repeat from the phone's queue is a no-op), the service records it at the time the
phone gives, and the page comes back at the student's line."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.phonequeue import phone_time
from safecampus.core.views.base import service_call
from safecampus.students.models import Student
from safecampus.transport import forms


def tap(request, school, held, *, record, not_listed, page):
    """`record(student=, kind=, note=, client_uuid=, now=)` is the service; `page(form)` renders
    the roll call again with the refused form (status 400)."""
    form = forms.MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That tap could not be read: try again."))
        return redirect(held)
    data = form.cleaned_data
    student = Student.objects.filter(school=school, pk=data["student"]).first()
    with service_call(request, form) as call:
        if student is None:
            raise DomainError(not_listed)
        record(
            student=student,
            kind=data["kind"],
            note=data["note"],
            client_uuid=data["client_uuid"],
            now=phone_time(request),
        )
    if call.ok:
        return redirect(f"{held.get_absolute_url()}#student-{student.pk}")
    return page(form)
