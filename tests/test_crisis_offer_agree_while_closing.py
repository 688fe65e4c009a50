"""The worker agrees at the moment the caller closes the call: the agreement
waits for the close and is then refused, rather than adding an application
to a call that has just closed."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from pressure.crisis import services
from pressure.models import OfferStatus
from secondments.models import Application
from tests.crisis_scenes import make_circle, raise_call, worker_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_agreeing_while_the_call_is_being_closed_is_refused(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    circle = make_circle()
    call = raise_call(circle, people_needed=1)
    wendy = worker_of(circle["Camden"], "Wendy Worker")
    offer = services.crisis_offer_make(
        ask=call.asks.get(borough=circle["Camden"]), worker=wendy, by=circle.managers["Camden"]
    )
    closing = threading.Event()
    errors = []

    def close() -> None:
        # The caller's close holds the call's row until it commits, a moment later.
        try:
            with transaction.atomic():
                services.crisis_call_close(call=call, by=circle.managers["Haringey"])
                closing.set()
                threading.Event().wait(0.5)
        except Exception as error:
            errors.append(error)
        finally:
            closing.set()
            connection.close()

    closer = threading.Thread(target=close)
    closer.start()
    assert closing.wait(10)
    try:
        with pytest.raises(ValidationError, match="This crisis call is closed"):
            services.crisis_offer_agree(offer=offer, by=wendy)
    finally:
        closer.join(10)

    assert not errors, errors
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AWAITING_WORKER
    assert not Application.objects.filter(worker=wendy).exists()
