"""A failed try, as the channels report it to the delivery engine."""


class DeliveryError(Exception):
    """`reason` (a FailureReason) is what people are shown; `detail` is the technical account
    kept for whoever fixes the server. A permanent error is not tried again: the same message to
    the same address would fail the same way."""

    def __init__(self, reason, detail="", *, permanent):
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = str(detail)[:1000]
        self.permanent = permanent


def permanent(reason, detail=""):
    return DeliveryError(reason, detail, permanent=True)


def temporary(reason, detail=""):
    return DeliveryError(reason, detail, permanent=False)
