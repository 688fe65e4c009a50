"""How a send can fail: worth another try, never worth one, or no longer ours."""


class DeliveryFailed(Exception):
    """A send that failed but may work when tried again: the task retries it."""


class Undeliverable(Exception):
    """A send that will never work (an address or number the server refuses)."""


class LostClaim(Exception):
    """The sweeper took this row back from us (we were too slow): stop quietly."""
