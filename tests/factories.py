import datetime

import factory
from django.utils import timezone

from accounts.models import Availability, JobLevel, Role, User, WorkerProfile
from boroughs.models import Borough, BoroughKind, Team

PASSWORD = "correct-horse-battery-staple"


class BoroughFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Borough
        django_get_or_create = ("gss_code",)

    gss_code = factory.Sequence(lambda n: f"E09{n + 100:06d}")
    name = factory.Sequence(lambda n: f"Borough {n}")
    region = "London"
    kind = BoroughKind.LONDON_BOROUGH


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    borough = factory.SubFactory(BoroughFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.gov.uk")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.WORKER
    borough = factory.SubFactory(BoroughFactory)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        # allauth refuses sign-in until the address is verified.
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class WorkerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkerProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    registration_number = factory.Sequence(lambda n: f"SW{n + 500000}")
    registration_expires_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=365)
    )
    # Checked by a coordinator, as every worker must be before they can be
    # placed; tests about unchecked registrations say registration_verified=False.
    registration_verified = True
    registration_verified_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.registration_verified else None
    )
    job_level = JobLevel.SOCIAL_WORKER
    qualified_on = datetime.date(2019, 9, 1)
    open_to_matching = True


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    profile = factory.SubFactory(WorkerProfileFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=90))
    days_per_week = 3
