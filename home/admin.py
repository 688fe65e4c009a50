"""The admin's one page of ours: which email domains and sign-in tenants each
borough trusts for single sign-on (accounts/sso.py).

Coordinators with admin access change only those two fields here; every
change writes an audit event, as every other change to shared data does. It
lives in `home`, the app that may import both boroughs and audit.
"""

from django.contrib import admin
from django.db import transaction

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
