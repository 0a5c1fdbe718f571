"""The Django admin, for operators. Audit events are shown read-only."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from safecampus.core.models import (
    AuditEvent,
    Membership,
    Org,
    Post,
    ResponsibilityLetter,
    Term,
    User,
    Zone,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "mobile", "is_active"]
    search_fields = ["username", "display_name", "mobile"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("SafeCampus", {"fields": ["display_name", "mobile", "language"]}),
    )


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "path"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth", "audit_seq"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "org", "role", "started_at", "ended_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "org", "department"]


admin.site.register([Zone, Post, ResponsibilityLetter, Term])


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "org", "seq", "actor_name", "action", "object_repr"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
