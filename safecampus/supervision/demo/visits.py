"""The demo district's visits (filled by the visits slice)."""


def load(demo):
    """Idempotent."""
