"""Masking of minors' and guardians' identifiers: what every list and export shows."""


def mask_id(value):
    """An ID number with its middle hidden: 330102********1234 (region and last four kept)."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 6:
        return "*" * len(value)
    keep_head = 6 if len(value) >= 15 else 2
    return value[:keep_head] + "*" * (len(value) - keep_head - 4) + value[-4:]


def mask_phone(value):
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
