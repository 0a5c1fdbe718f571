from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import queries
from safecampus.core.access import get_visible_or_404, has_cap
from safecampus.core.forms import AssignForm, PostForm
from safecampus.core.models import Post, PostAssignment
from safecampus.core.roles import Cap
from safecampus.core.services import posts as post_services
from safecampus.core.views.base import paginate, school_view, service_call


@school_view(Cap.POST_VIEW)
def post_list(request, school):
    page = paginate(request, queries.posts(user=request.user, school=school))
    return render(
        request,
        "core/post_list.html",
        {
            "school": school,
            "page": page,
            "can_manage": has_cap(request.user, Cap.POST_MANAGE, school),
        },
    )


@school_view(Cap.POST_VIEW)
def post_detail(request, school, post_id):
    post = get_visible_or_404(request.user, Post, post_id, queryset=school.posts.all())
    can_manage = has_cap(request.user, Cap.POST_MANAGE, school)
    form = AssignForm(people=queries.school_people_choices(school)) if can_manage else None
    history = post.assignments.select_related("user").order_by("-started_at")
    return render(
        request,
        "core/post_detail.html",
        {
            "school": school,
            "post": post,
            "form": form,
            "history": history,
            "can_manage": can_manage,
        },
    )


@school_view(Cap.POST_MANAGE)
def post_create(request, school):
    form = PostForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            post = post_services.create_post(actor=request.user, school=school, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Post “%(name)s” was added.") % {"name": post.name})
            return redirect("core:post_detail", school.pk, post.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/post_form.html", {"school": school, "form": form}, status=status)


@school_view(Cap.POST_MANAGE)
def post_edit(request, school, post_id):
    post = get_visible_or_404(request.user, Post, post_id, queryset=school.posts.all())
    initial = {"name": post.name, "kind": post.kind, "duties": post.duties, "zone": post.zone}
    form = PostForm(request.POST or None, initial=initial, school=school)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            post_services.update_post(actor=request.user, post=post, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Post “%(name)s” was saved.") % {"name": post.name})
            return redirect("core:post_detail", school.pk, post.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "core/post_form.html",
        {"school": school, "form": form, "post": post},
        status=status,
    )


@require_POST
@school_view(Cap.POST_MANAGE)
def post_assign(request, school, post_id):
    post = get_visible_or_404(request.user, Post, post_id, queryset=school.posts.all())
    form = AssignForm(request.POST, people=queries.school_people_choices(school))
    if form.is_valid():
        with service_call(request) as call:
            post_services.assign_person(
                actor=request.user, post=post, person=form.cleaned_data["person"]
            )
        if call.ok:
            messages.success(
                request,
                _("%(person)s now holds this post.") % {"person": form.cleaned_data["person"]},
            )
    else:
        messages.error(request, _("Choose a person of this school."))
    return redirect("core:post_detail", school.pk, post.pk)


@require_POST
@school_view(Cap.POST_MANAGE)
def assignment_end(request, school, assignment_id):
    assignment = get_visible_or_404(
        request.user,
        PostAssignment,
        assignment_id,
        queryset=queries.assignments(user=request.user, school=school),
    )
    with service_call(request) as call:
        post_services.end_assignment(actor=request.user, assignment=assignment)
    if call.ok:
        messages.success(
            request, _("%(person)s no longer holds this post.") % {"person": assignment.user}
        )
    return redirect("core:post_detail", school.pk, assignment.post_id)
