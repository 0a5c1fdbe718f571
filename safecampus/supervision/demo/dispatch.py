"""The demo district's dispatch (filled by the dispatch slice)."""


def load(demo):
    """Idempotent."""
