"""Classes and students: masked lists, the audited full record, editing and the xlsx import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core import queries as core_queries
from safecampus.core.access import has_cap
from safecampus.core.roles import Cap
from safecampus.core.views.base import paginate, school_view, service_call
from safecampus.students import forms, importer, queries, services
from safecampus.students.access import can_edit


def _class(request, school, class_id):
    found = queries.classes(user=request.user, school=school).filter(pk=class_id).first()
    if found is None:
        raise Http404
    return found


def _student(request, school, student_id):
    found = queries.students(user=request.user, school=school, include_inactive=True)
    found = found.select_related("school_class__head_teacher", "school").filter(pk=student_id)
    if not found:
        raise Http404
    return found[0]


def _form_page(request, school, form, *, save, success, then, **context):
    """One form on students/form.html: a valid POST runs `save()` and answers `then(saved)`
    with `success`; bad input re-shows the form, with what was typed, as a 400."""
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            saved = save()
        if call.ok:
            messages.success(request, success)
            return then(saved)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "students/form.html", {"school": school, "form": form, **context}, status=status
    )


@school_view(Cap.STUDENT_VIEW)
def class_list(request, school):
    return render(
        request,
        "students/class_list.html",
        {
            "school": school,
            "page": paginate(request, queries.classes(user=request.user, school=school)),
            "can_manage": has_cap(request.user, Cap.STUDENT_MANAGE, school),
        },
    )


def _class_form(request, school, school_class=None):
    initial = None
    if school_class is not None:
        initial = {
            "grade": school_class.grade,
            "name": school_class.name,
            "head_teacher": school_class.head_teacher_id,
        }
    return forms.ClassForm(
        request.POST or None, initial=initial, people=core_queries.school_people_choices(school)
    )


@school_view(Cap.STUDENT_MANAGE)
def class_create(request, school):
    form = _class_form(request, school)
    return _form_page(
        request,
        school,
        form,
        save=lambda: services.create_class(actor=request.user, school=school, **form.cleaned_data),
        success=_("The class was added."),
        then=lambda _made: redirect("students:classes", school.pk),
    )


@school_view(Cap.STUDENT_MANAGE)
def class_edit(request, school, class_id):
    school_class = _class(request, school, class_id)
    form = _class_form(request, school, school_class)
    return _form_page(
        request,
        school,
        form,
        save=lambda: services.update_class(
            actor=request.user, school_class=school_class, **form.cleaned_data
        ),
        success=_("The class was saved."),
        then=lambda _made: redirect(school_class),
        school_class=school_class,
    )


@school_view(Cap.STUDENT_VIEW)
def class_detail(request, school, class_id):
    school_class = _class(request, school, class_id)
    rows = queries.with_guardians(
        queries.students(user=request.user, school=school, school_class=school_class)
    )
    may_edit = has_cap(request.user, Cap.STUDENT_MANAGE, school) or (
        has_cap(request.user, Cap.STUDENT_EDIT, school)
        and school_class.head_teacher_id == request.user.pk
    )
    return render(
        request,
        "students/class_detail.html",
        {
            "school": school,
            "school_class": school_class,
            "page": paginate(request, rows),
            "can_edit": may_edit,
            "record_classes": queries.record_classes(user=request.user, school=school),
            "can_letter": has_cap(request.user, Cap.LETTER_MANAGE, school),
        },
    )


@school_view(Cap.STUDENT_VIEW)
def student_list(request, school):
    form = forms.SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    rows = queries.with_guardians(queries.students(user=request.user, school=school, q=q))
    return render(
        request,
        "students/student_list.html",
        {
            "school": school,
            "form": form,
            "page": paginate(request, rows),
            "query": f"q={q}" if q else "",
            "can_manage": has_cap(request.user, Cap.STUDENT_MANAGE, school),
            "record_classes": queries.record_classes(user=request.user, school=school),
        },
    )


@school_view(Cap.STUDENT_VIEW)
def student_detail(request, school, student_id):
    """The full record: only for those who need it, and every view leaves an audit event."""
    student = _student(request, school, student_id)
    with service_call(request):
        services.view_record(actor=request.user, student=student)
    return render(
        request,
        "students/student_detail.html",
        {
            "school": school,
            "student": student,
            "guardians": list(student.guardians.all()),
            "can_edit": can_edit(request.user, student),
        },
    )


def _student_form(request, school, student=None):
    initial = forms.StudentForm.initial_for(student) if student is not None else None
    return forms.StudentForm(
        request.POST or None,
        initial=initial,
        classes=queries.my_classes(user=request.user, school=school),
    )


def _student_fields(form):
    data = form.cleaned_data
    return {
        "school_class": data["school_class"],
        "name": data["name"],
        "student_number": data["student_number"],
        "id_number": data["id_number"],
        "guardians": form.guardians(),
    }


@school_view(Cap.STUDENT_EDIT)
def student_create(request, school):
    form = _student_form(request, school)
    return _form_page(
        request,
        school,
        form,
        save=lambda: services.create_student(actor=request.user, **_student_fields(form)),
        success=_("The student was added."),
        then=lambda student: redirect("students:class", school.pk, student.school_class_id),
    )


@school_view(Cap.STUDENT_EDIT)
def student_edit(request, school, student_id):
    student = _student(request, school, student_id)
    if not can_edit(request.user, student):
        raise PermissionDenied
    form = _student_form(request, school, student)
    return _form_page(
        request,
        school,
        form,
        save=lambda: services.update_student(
            actor=request.user, student=student, **_student_fields(form)
        ),
        success=_("The student was saved."),
        # The student as it now is: an edit may have moved them to another class.
        then=lambda _made: redirect("students:class", school.pk, student.school_class_id),
        student=student,
    )


@school_view(Cap.STUDENT_MANAGE)
def student_import(request, school):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            created, updated = importer.import_students(
                actor=request.user, school=school, upload=form.cleaned_data["file"]
            )
        if not call.ok:
            # A refused file lists its bad rows under the form.
            errors = getattr(call.error, "errors", [])
        else:
            messages.success(
                request,
                _("Imported: %(created)s new students, %(updated)s updated.")
                % {"created": created, "updated": updated},
            )
            return redirect("students:list", school.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "students/import.html",
        {"school": school, "form": form, "errors": errors, "columns": importer.HEADERS},
        status=status,
    )


@school_view(Cap.STUDENT_VIEW)
def export(request, school):
    """The roll as xlsx: ID numbers and phones masked, as in every list."""
    from safecampus.students.exports import roll_response

    rows = queries.with_guardians(queries.students(user=request.user, school=school))
    stamp = timezone.localdate().isoformat()
    return roll_response(rows, f"{school.name}-学生名册-{stamp}.xlsx")
