"""The admin's pages of ours: which email domains and sign-in tenants each
borough trusts for single sign-on (accounts/sso.py), and who coordinates
where (all England, or the regions listed; issue 13).

Coordinators with admin access change only those fields here; every
change writes an audit event, as every other change to shared data does. It
lives in `home`, the app that may import both boroughs and audit.
"""

from django.contrib import admin
from django.db import transaction

from accounts.models import CoordinatorRegion, User
from audit.services import audit_record
from boroughs.models import Borough

SIGN_IN_FIELDS = ("email_domains", "sso_tenant_ids")


@admin.register(Borough)
class BoroughSignInAdmin(admin.ModelAdmin):
    list_display = ("name", "gss_code", "email_domains", "sso_tenant_ids")
    search_fields = ("name", "gss_code", "email_domains")
    fields = ("name", "gss_code", *SIGN_IN_FIELDS)
    readonly_fields = ("name", "gss_code")

    def has_add_permission(self, request) -> bool:
        return False  # boroughs come from the ONS reference data (load_boroughs)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @transaction.atomic
    def save_model(self, request, obj: Borough, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="borough_sign_in_changed",
            obj=obj,
            changed_fields=[name for name in form.changed_data if name in SIGN_IN_FIELDS],
        )


# --- People: a coordinator's regions (issue 13) -----------------------------------

PERSON_FIELDS = ("role", "borough", "coordinates_nationally")


class CoordinatorRegionInline(admin.TabularInline):
    model = CoordinatorRegion
    extra = 0
    verbose_name = "region they coordinate"
    verbose_name_plural = "Regions they coordinate (coordinators who do not cover all England)"


@admin.register(User)
class PersonAdmin(admin.ModelAdmin):
    """Who is a coordinator, and where: all England or the regions listed.
    People sign up themselves and are removed through erasure, never here."""

    list_display = ("full_name", "email", "role", "borough", "coordinates_nationally")
    list_filter = ("role", "coordinates_nationally", "coordinator_regions__region")
    search_fields = ("full_name", "email")
    fields = ("full_name", "email", *PERSON_FIELDS)
    readonly_fields = ("full_name", "email")
    inlines = [CoordinatorRegionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @transaction.atomic
    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        changed = [name for name in form.changed_data if name in PERSON_FIELDS]
        if any(formset.has_changed() for formset in formsets):
            changed.append("coordinator_regions")
        audit_record(
            actor=request.user,
            action="person_changed_in_admin",
            obj=form.instance,
            changed_fields=changed,
        )
