from django.contrib import admin

from migrights.governance.models import GovernanceBody, Membership, Milestone


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "kind", "region", "initiated", "stage", "verified")
    list_filter = ("kind", "stage", "civil_society")
    search_fields = ("slug", "name", "acronym")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("body", "country", "organisation", "role", "start", "end", "verified")
    list_filter = ("role", "verified", "body")
    list_select_related = ("body", "country")
    raw_id_fields = ("country", "source")


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("date", "title", "kind", "verified")
    list_filter = ("kind",)
