from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from accounts.models import Role, WorkerProfile


class AccountAdapter(DefaultAccountAdapter):
    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data["full_name"]
        user.borough = form.cleaned_data["borough"]
        # Sign-up only ever makes a social worker. Manager and coordinator
        # roles are granted by a coordinator, whatever the form was sent.
        user.role = Role.WORKER
        if commit:
            user.save()
            WorkerProfile.objects.create(user=user)
        return user
