"""Single-line text. A line break in a name, a place or a title breaks e-mail subjects, ledger
cells and robot messages, so the forms and the API refuse it where the person typed it."""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator


def has_line_break(value):
    return "\n" in value or "\r" in value


def message():
    return _("Write this on one line: line breaks are not allowed here.")


def form_validator(value):
    """For a form's single-line text field (StyledForm adds it to every one)."""
    if isinstance(value, str) and has_line_break(value):
        raise ValidationError(message(), code="line_break")


def _schema_check(value):
    if has_line_break(value):
        raise ValueError(message())
    return value


# For an API input schema's single-line text field: `place: OneLine`.
OneLine = Annotated[str, AfterValidator(_schema_check)]


def subject(text):
    """A title made safe for one-line headers (an e-mail subject): runs of whitespace, line
    breaks included, become one space. Text stored before the forms refused breaks still sends."""
    return " ".join(str(text).split())
