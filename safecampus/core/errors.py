class DomainError(Exception):
    """A refused action. The message is shown to the user as is, so it must be translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class PermissionRefused(DomainError):
    """The actor lacks the capability for this action (HTTP 403 on pages and API)."""
