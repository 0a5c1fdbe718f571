from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import queries
from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.clientip import client_address
from safecampus.core.forms import LetterForm
from safecampus.core.models import ResponsibilityLetter
from safecampus.core.roles import Cap
from safecampus.core.services import attachments as attachment_services
from safecampus.core.services import letters as letter_services
from safecampus.core.views.base import paginate, school_view, service_call


@school_view(Cap.LETTER_VIEW)
def letter_list(request, school):
    page = paginate(request, queries.letters(user=request.user, school=school))
    return render(
        request,
        "core/letter_list.html",
        {
            "school": school,
            "page": page,
            "can_manage": has_cap(request.user, Cap.LETTER_MANAGE, school),
        },
    )


@school_view(Cap.LETTER_MANAGE)
def letter_create(request, school):
    form = LetterForm(request.POST or None, request.FILES or None, school=school)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment")
        with service_call(request, form) as call, attachment_services.atomic_with_files():
            if upload:
                data["attachment"] = attachment_services.store_upload(
                    actor=request.user, org=school, upload=upload
                )
            letter = letter_services.issue_letter(actor=request.user, school=school, **data)
        if call.ok:
            messages.success(
                request,
                _("The letter was issued to %(count)d people.")
                % {"count": letter.recipients.count()},
            )
            return redirect("core:letter_detail", school.pk, letter.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/letter_form.html", {"school": school, "form": form}, status=status)


def _letter_for(request, school, letter_id):
    """Managers see every letter of the school; other people only letters issued to them."""
    qs = queries.letters_open_to(user=request.user, school=school)
    return get_visible_or_404(request.user, ResponsibilityLetter, letter_id, queryset=qs)


@school_view()
def letter_detail(request, school, letter_id):
    letter = _letter_for(request, school, letter_id)
    mine = queries.own_recipient_row(user=request.user, letter=letter)
    can_view_all = has_cap(request.user, Cap.LETTER_VIEW, school)
    unsigned_only = request.GET.get("unsigned") == "1"
    recipients = (
        paginate(
            request, queries.letter_recipients(letter, unsigned_only=unsigned_only), per_page=50
        )
        if can_view_all
        else None
    )
    return render(
        request,
        "core/letter_detail.html",
        {
            "school": school,
            "letter": letter,
            "mine": mine,
            "recipients": recipients,
            "unsigned_only": unsigned_only,
            "total": letter.recipients.count(),
            "signed": letter.recipients.filter(signed_at__isnull=False).count(),
        },
    )


@require_POST
@school_view()
def letter_sign(request, school, letter_id):
    letter = _letter_for(request, school, letter_id)
    mine = queries.own_recipient_row(user=request.user, letter=letter)
    if mine is None:
        messages.error(request, _("Only the person the letter was issued to can sign it."))
        return redirect("core:letter_detail", school.pk, letter.pk)
    with service_call(request) as call:
        letter_services.sign_letter(actor=request.user, recipient=mine, ip=client_address(request))
    if call.ok:
        messages.success(request, _("You signed “%(title)s”.") % {"title": letter.title})
    return redirect("core:letter_detail", school.pk, letter.pk)
