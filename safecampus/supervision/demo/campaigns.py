"""The demo district's campaigns (filled by the campaigns slice)."""


def load(demo):
    """Idempotent."""
