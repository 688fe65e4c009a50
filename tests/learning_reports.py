"""Shared set-up for the learning report and practice library tests."""

from learning.reports import services
from secondments.models import PlacementStatus
from tests.factories import PlacementFactory

ANSWERS = {
    "what_works_well": "Daily huddles keep the assessment team on track.",
    "take_home": "Shorter assessments written with families.",
    "could_do_differently": "Give visitors a laptop on day one.",
}


def completed_placement(worker, host, **request):
    return PlacementFactory(
        worker=worker,
        help_request__borough=host,
        status=PlacementStatus.COMPLETED,
        **{f"help_request__{name}": value for name, value in request.items()},
    )


def written(worker, host, *, anonymous=False, consent=False, **answers):
    placement = completed_placement(worker, host)
    return services.report_write(
        placement=placement,
        by=worker,
        anonymous=anonymous,
        library_consent=consent,
        **{**ANSWERS, **answers},
    )


def published(worker, host, coordinator, *, title="Huddles that work", text=None, **kwargs):
    report = written(worker, host, consent=True, **kwargs)
    return services.report_publish(
        report=report,
        by=coordinator,
        title=title,
        text=text or "A borough where daily huddles keep every assessment moving.",
    )
