from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecampus.core import queries
from safecampus.core.access import primary_org
from safecampus.core.forms import SchoolProfileForm
from safecampus.core.roles import Cap
from safecampus.core.services import orgs as org_services
from safecampus.core.services.orgs import PROFILE_FIELDS
from safecampus.core.views.base import paginate, school_view, service_call


@login_required
def org_tree(request):
    root = primary_org(request.user)
    tree = queries.org_tree(user=request.user, root=root) if root else None
    context = {"rows": tree.rows if tree else [], "root": root, "tree": tree}
    if tree is not None and not tree.schools_shown:
        search = request.GET.get("q", "").strip()
        schools = queries.tree_schools(user=request.user, root=root, search=search)
        context.update(page=paginate(request, schools), q=search, query=urlencode({"q": search}))
        if request.htmx:
            return render(request, "core/org_tree.html#tree-schools", context)
    return render(request, "core/org_tree.html", context)


@login_required
def school_list(request):
    search = request.GET.get("q", "").strip()
    page = paginate(request, queries.schools(user=request.user, search=search))
    template = "core/school_list.html#school-rows" if request.htmx else "core/school_list.html"
    return render(request, template, {"page": page, "q": search})


@school_view()
def school_detail(request, school):
    return render(
        request,
        "core/school_detail.html",
        {
            "school": school,
            "ancestors": school.ancestors().exclude(pk=school.pk),
            "zone_count": school.zones.count(),
            "post_count": school.posts.count(),
            "member_count": queries.school_people_choices(school).count(),
        },
    )


@school_view(Cap.SCHOOL_EDIT)
def school_edit(request, school):
    initial = {field: getattr(school, field) for field in PROFILE_FIELDS}
    form = SchoolProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as call:
            org_services.update_school_profile(
                actor=request.user, school=school, data=form.cleaned_data
            )
        if call.ok:
            messages.success(request, _("The school profile was saved."))
            return redirect("core:school_detail", school.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/school_form.html", {"school": school, "form": form}, status=status)
