"""Demo help requests, applications at each step, and one agreed placement
with its first-day details.

Made through the services, so the demo has the same audit trail and
notifications as real use. Runs after home.demo.people has made the people.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import JobLevel, Specialism, User
from boroughs.models import FundingModel
from home.demo.people import COORDINATOR_EMAIL, DEMO_EMAIL_DOMAIN
from people.recharge import recharge_salaries_set
from secondments import services
from secondments.models import Application, HelpRequest, Purpose, Urgency, WorkingPattern

REQUESTS = [
    {
        "borough": "haringey",
        "title": "Two social workers for the Tottenham assessment team",
        "purpose": Purpose.BACKLOG,
        "urgency": Urgency.URGENT,
        "places": 2,
        "starts_in": 21,
        "weeks": 12,
        "days_per_week": 3,
        "specialisms": ["Child protection", "Children in need"],
        "description": (
            "After our inspection we have 140 child and family assessments waiting. "
            "We need two experienced social workers to help clear them, working from "
            "Wood Green civic centre with some days at home."
        ),
    },
    {
        "borough": "hackney",
        "title": "Crisis cover for the front door",
        "purpose": Purpose.CRISIS_COVER,
        "urgency": Urgency.CRISIS,
        "places": 1,
        "starts_in": 14,
        "weeks": 8,
        "days_per_week": 5,
        "specialisms": ["Front door and MASH"],
        "description": (
            "Referrals have doubled since September and two of our duty social workers "
            "are on long-term leave. We need a confident duty worker on site in Mare Street."
        ),
    },
    {
        "borough": "islington",
        "title": "An outside view of our care leavers service",
        "purpose": Purpose.PRACTICE_EXCHANGE,
        "urgency": Urgency.ROUTINE,
        "places": 1,
        # Within 30 days: both managers' dashboards show the worker arriving or leaving.
        "starts_in": 28,
        "weeks": 6,
        "days_per_week": 2,
        "specialisms": ["Care leavers"],
        "newly_qualified_suitable": True,
        "supervisor_name": "Amara Stewart",
        "protected_caseload": 8,
        "supervision_frequency": "weekly",
        "description": (
            "We would like a practitioner from another borough to spend two days a week "
            "with our leaving care team, look at how we work and tell us what they would "
            "change. Suitable for a newly qualified social worker with supervision."
        ),
    },
]


# What Islington tells its newly qualified visitor before day one. The phone
# number is from Ofcom's range for drama, so it rings nobody.
FIRST_DAY = {
    "report_to_address": (
        "222 Upper Street, London N1 1XR. Ask for the leaving care team at reception."
    ),
    "host_contact_name": "Amara Stewart, team manager",
    "host_contact_phone": "020 7946 0321",
    "first_day_starts_at": datetime.time(9, 30),
    "working_days": ["tue", "thu"],
    "induction_notes": (
        "Tuesday: your ID badge and laptop from IT, then meet the team. "
        "Thursday: shadow a personal adviser on two visits."
    ),
    "supervision_arrangement": (
        "Weekly with Amara Stewart, Thursday afternoons, as you are newly qualified."
    ),
}


def _manager(borough: str) -> User:
    return User.objects.get(email=f"manager1.{borough}@{DEMO_EMAIL_DOMAIN}")


def _worker_from(
    borough_name: str, exclude: set[int], *, through: datetime.date, request: HelpRequest
) -> User:
    # Only a registration checked and in date for the whole placement can go forward;
    # a newly qualified worker only to a request that suits them.
    workers = User.objects.workers()
    if not request.newly_qualified_suitable:
        workers = workers.exclude(
            worker_profile__qualified_on__gt=request.starts_on - datetime.timedelta(days=365)
        )
    return (
        workers.filter(
            borough__name=borough_name,
            worker_profile__registration_verified=True,
            worker_profile__registration_expires_on__gte=through,
        )
        .exclude(pk__in=exclude)
        .order_by("pk")
        .first()
    )


def _talk(application, *, host: User, home: User) -> None:
    """A short exchange in the application's thread, as its three parties would write it."""
    for by, body in [
        (
            host,
            "Thank you for offering. Could you work Tuesday to Thursday? "
            "Our duty rota is built around those days.",
        ),
        (
            application.worker,
            "Yes, Tuesday to Thursday suits me.\n"
            "I can be at Wood Green civic centre by 9am on the first day.",
        ),
        (
            home,
            "I will confirm the release by Friday, once two of their open cases "
            "have been handed over in the team.",
        ),
    ]:
        services.application_message_post(application=application, by=by, body=body)


# What two demo boroughs charge when they lend staff on a salary recharge:
# a London-like annual salary per job level, plus 30 % on-costs.
DEMO_SALARIES = {
    JobLevel.SOCIAL_WORKER: Decimal("42000.00"),
    JobLevel.SENIOR_PRACTITIONER: Decimal("47500.00"),
    JobLevel.ADVANCED_PRACTITIONER: Decimal("52000.00"),
    JobLevel.TEAM_MANAGER: Decimal("58000.00"),
}


def _recharge_salaries() -> None:
    for borough in ("camden", "hackney"):
        manager = _manager(borough)
        recharge_salaries_set(
            borough=manager.borough,
            salaries={level: (salary, Decimal("30.00")) for level, salary in DEMO_SALARIES.items()},
            by=manager,
        )


@transaction.atomic
def seed_marketplace() -> int:
    """Create the demo requests once; returns how many were created."""
    if HelpRequest.objects.filter(title__in=[r["title"] for r in REQUESTS]).exists():
        return 0
    _recharge_salaries()
    today = timezone.localdate()
    made = {}
    for spec in REQUESTS:
        manager = _manager(spec["borough"])
        starts_on = today + datetime.timedelta(days=spec["starts_in"])
        data = {
            "title": spec["title"],
            "purpose": spec["purpose"],
            "job_level": JobLevel.SOCIAL_WORKER,
            "min_years_qualified": 0 if spec.get("newly_qualified_suitable") else 2,
            "newly_qualified_suitable": spec.get("newly_qualified_suitable", False),
            "supervisor_name": spec.get("supervisor_name", ""),
            "protected_caseload": spec.get("protected_caseload"),
            "supervision_frequency": spec.get("supervision_frequency", ""),
            "places": spec["places"],
            "starts_on": starts_on,
            "ends_on": starts_on + datetime.timedelta(weeks=spec["weeks"]),
            "days_per_week": spec["days_per_week"],
            "working_pattern": WorkingPattern.HYBRID,
            "location": "",
            "funding_model": FundingModel.HOME_FUNDED,
            "day_rate": None,
            "urgency": spec["urgency"],
            "description": spec["description"],
            "specialisms": Specialism.objects.filter(name__in=spec["specialisms"]),
        }
        draft = services.help_request_create(by=manager, data=data)
        made[spec["borough"]] = services.help_request_publish(help_request=draft, by=manager)

    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    used: set[int] = set()

    def volunteer(request: HelpRequest, home: str, *, through: datetime.date | None = None):
        worker = _worker_from(home, used, through=through or request.ends_on, request=request)
        used.add(worker.pk)
        return services.application_volunteer(
            help_request=request, by=worker, note="I have worked in a similar team for 3 years."
        )

    # Haringey: one offer waiting for the host, one waiting for its home manager.
    volunteer(made["haringey"], "Camden")
    selected = volunteer(made["haringey"], "Barnet")
    services.application_select(application=selected, by=_manager("haringey"))
    _talk(selected, host=_manager("haringey"), home=_manager("barnet"))
    # Hackney: released by Islington, waiting for the coordinator's approval.
    released = volunteer(made["hackney"], "Islington", through=made["haringey"].ends_on)
    services.application_select(application=released, by=_manager("hackney"))
    services.application_release(application=released, by=_manager("islington"))
    # The same Islington worker offers to help Haringey on overlapping dates:
    # Haringey's managers are warned before they select, the coordinator
    # before approving either.
    services.application_volunteer(
        help_request=made["haringey"],
        by=released.worker,
        note="I could start once the Hackney cover is settled.",
    )
    # Hackney also selected a Camden worker, as if two weeks ago; Camden has not
    # decided, so the release has passed to the coordinators.
    escalated = volunteer(made["hackney"], "Camden")
    services.application_select(application=escalated, by=_manager("hackney"))
    Application.objects.filter(pk=escalated.pk).update(
        selected_at=timezone.now() - datetime.timedelta(days=14)
    )
    services.releases_escalate(now=timezone.now())
    # Islington: agreed, so there is a placement to look at.
    approved = volunteer(made["islington"], "Enfield")
    islington = _manager("islington")
    services.application_select(application=approved, by=islington)
    services.application_release(application=approved, by=_manager("enfield"))
    placement = services.application_approve(application=approved, by=coordinator)
    services.placement_arrangements_update(placement=placement, data=FIRST_DAY, by=islington)
    # Enfield: a draft only its managers and the coordinator can see.
    enfield = _manager("enfield")
    services.help_request_create(
        by=enfield,
        data={
            **REQUESTS[0],
            "title": "Cover for the disabled children's team",
            "purpose": Purpose.CRISIS_COVER,
            "job_level": JobLevel.SENIOR_PRACTITIONER,
            "min_years_qualified": 3,
            "newly_qualified_suitable": False,
            "supervisor_name": "",
            "starts_on": today + datetime.timedelta(days=42),
            "ends_on": today + datetime.timedelta(days=42 + 60),
            "working_pattern": WorkingPattern.ON_SITE,
            "location": "Enfield Civic Centre",
            "funding_model": FundingModel.HOST_RECHARGE,
            "day_rate": None,
            "specialisms": Specialism.objects.filter(name="Disabled children"),
        },
    )
    return len(REQUESTS) + 1
