from django.utils.translation import gettext as _


class DomainError(Exception):
    """A refused action. The message is shown to the user as is, so it must be translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class PermissionRefused(DomainError):
    """The actor lacks the capability for this action (HTTP 403 on pages and API)."""


class InvalidFields(DomainError):
    """Several inputs are wrong at once. `fields` maps each input's name to its message, so a form
    marks every one of them and the API answers them together, not one per try."""

    def __init__(self, fields):
        self.fields = dict(fields)
        super().__init__(_("Correct the marked fields: %(problems)s") % {"problems": self.summary})

    @property
    def summary(self):
        return " ".join(str(message) for message in self.fields.values())
