"""Masking of a name, as every casework list shows it to someone without the ledger's
capability: the surname kept, the rest hidden (张**). ID numbers: the roll's `mask_id`."""

from safecampus.students.masking import mask_id

__all__ = ["mask_id", "mask_name"]


def mask_name(value):
    value = (value or "").strip()
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)
