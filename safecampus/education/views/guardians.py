"""Notices and letters to guardians as safety education keeps them: the school's notices with
their acknowledgement rates, sending one from a template, one notice per class, the bureau's
rates per school and its own templates. Sending and acknowledging are the students' letters."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import org_view, paginate, school_view, service_call
from safecampus.education.forms.notices import NoticeForm, TemplateForm
from safecampus.education.queries import bureau as bureau_queries
from safecampus.education.queries import guardians as queries
from safecampus.education.queries.log import classes
from safecampus.education.rules import notice_templates_for, rules_for
from safecampus.education.services import notices as services
from safecampus.education.views.periods import month
from safecampus.students import letters


def _may_read(user, school):
    if not has_cap(user, Cap.LETTER_VIEW, school):
        raise PermissionDenied


@school_view(Cap.EDUCATION_VIEW)
def guardian_letters(request, school):
    _may_read(request.user, school)
    page = paginate(request, queries.notices(request.user, school))
    page.object_list = queries.rated(page.object_list)
    context = {
        "school": school,
        "page": page,
        "templates": notice_templates_for(school),
        "rules": rules_for(school),
    }
    return render(request, "education/notices.html", context)


@school_view(Cap.LETTER_MANAGE)
def notice_new(request, school):
    templates = {t.code: t for t in notice_templates_for(school)}
    chosen = templates.get(request.GET.get("template", ""))
    today = timezone.localdate()
    initial = {"target": "school", "term_start": today, "term_end": today}
    if chosen is not None:
        initial |= {"title": chosen.title, "body": chosen.body, "template": chosen.code}
    form = NoticeForm(request.POST or None, initial=initial, classes=classes(request.user, school))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as call:
            letter, copies = letters.send_notice(
                actor=request.user,
                school=school,
                title=data["title"],
                body=data["body"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                school_class=data["school_class"],
                grade=data["grade"],
                template=data["template"] if data["template"] in templates else "",
            )
        if call.ok:
            messages.success(request, _("Sent to %(n)s guardians.") % {"n": len(copies)})
            return redirect("education:notice", school.pk, letter.pk)
    context = {
        "school": school,
        "form": form,
        "templates": templates.values(),
        "chosen": chosen,
        "rules": rules_for(school),
    }
    return render(
        request,
        "education/notice_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@school_view(Cap.EDUCATION_VIEW)
def notice(request, school, letter_id):
    _may_read(request.user, school)
    letter = queries.notice(request.user, school, letter_id)
    chase = has_cap(request.user, Cap.LETTER_MANAGE, school)
    context = {
        "school": school,
        "letter": letter,
        "rows": queries.letter_rates(request.user, school, letter),
        "page": paginate(request, queries.waiting(request.user, letter)) if chase else None,
        "rules": rules_for(school),
    }
    return render(request, "education/notice.html", context)


@org_view(Cap.EDUCATION_VIEW)
def bureau_notices(request, org):
    if org.is_school:
        raise Http404
    form, period = month(request)
    page = paginate(request, bureau_queries.schools(request.user, org))
    context = {
        "org": org,
        "form": form,
        "period": period,
        "page": page,
        "rows": queries.school_rows(page, period) if period else [],
        "query": f"month={period.start:%Y-%m}" if period else "",
    }
    return render(request, "education/bureau_notices.html", context, status=200 if period else 400)


@org_view(Cap.EDUCATION_RULES)
def notice_templates(request, org):
    if org.is_school:
        raise Http404
    context = {"org": org, "templates": notice_templates_for(org)}
    return render(request, "education/notice_templates.html", context)


@org_view(Cap.EDUCATION_RULES)
def notice_template(request, org, code):
    if org.is_school:
        raise Http404
    current = next((t for t in notice_templates_for(org) if t.code == code), None)
    if current is None:
        raise Http404
    initial = {"title": current.title, "body": current.body, "source": current.source}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            services.set_template(actor=request.user, org=org, code=code, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The notice template was saved."))
            return redirect("education:notice_templates", org.pk)
    context = {"org": org, "form": form, "current": current, "own": current.org_id == org.pk}
    status = 400 if request.method == "POST" else 200
    return render(request, "education/notice_template.html", context, status=status)
