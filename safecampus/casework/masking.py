"""Masking of a name, as every casework list shows it to someone without the ledger's
capability: the surname kept, the rest hidden (张**). ID numbers: the roll's `mask_id`."""

from safecampus.students.masking import mask_id

__all__ = ["mask_id", "mask_name"]


def mask_name(value):
    value = (value or "").strip()
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)


class PartiesMixin:
    """A record whose `parties` text names one party a line, "name, role": the lines, and each
    name masked for a list (the role after the first comma kept)."""

    @property
    def party_lines(self):
        return [line.strip() for line in self.parties.splitlines() if line.strip()]

    @property
    def masked_parties(self):
        masked = []
        for line in self.party_lines:
            name, sep, role = line.replace("，", ",").partition(",")
            masked.append(mask_name(name) + (f", {role.strip()}" if sep else ""))
        return masked
