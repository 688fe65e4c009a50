"""The people lists as CSV (config/csv_download.py): a coordinator's people
search and a borough's staff list, every row the filters find, with the
columns the pages show."""

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from accounts.models import User, WorkerProfile
from config.csv_download import csv_response, date, text


def registration_shown(profile: WorkerProfile | None) -> str:
    """The registration tag's words (templates/people/_registration_tag.html)."""
    if profile is None:
        return ""
    if profile.registration_verified:
        return "Verified"
    if profile.registration_queried_at:
        return "Queried"
    if profile.registration_number:
        return "Awaiting check"
    return "Not given"


def _profile(person: User) -> WorkerProfile | None:
    try:
        return person.worker_profile
    except WorkerProfile.DoesNotExist:
        return None


def people_csv(people: QuerySet[User]) -> StreamingHttpResponse:
    header = [
        "Name",
        "Email address",
        "Role",
        "Borough",
        "Registration",
        "Registration number",
        "Registration expires",
    ]

    def row(person: User) -> list[str]:
        profile = _profile(person)
        return [
            text(person),
            text(person.email),
            person.get_role_display(),
            text(person.borough.name) if person.borough else "",
            registration_shown(profile),
            text(profile.registration_number) if profile else "",
            date(profile.registration_expires_on) if profile else "",
        ]

    return csv_response("people", header, (row(p) for p in people.iterator(chunk_size=500)))


def staff_csv(borough, staff: QuerySet[User]) -> StreamingHttpResponse:
    header = ["Name", "Role", "Team", "Job level", "Registration"]

    def row(person: User) -> list[str]:
        profile = _profile(person)
        return [
            text(person),
            person.get_role_display(),
            text(person.team.name) if person.team else "",
            (profile.get_job_level_display() or "") if profile else "",
            registration_shown(profile),
        ]

    filename = f"staff-{borough.gss_code}"
    return csv_response(filename, header, (row(p) for p in staff.iterator(chunk_size=500)))
