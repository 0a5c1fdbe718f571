"""The one-key alarm devices a school has, as the emergencies module keeps them, for a module
that links its own records to them (the defences' 技防 alarm boxes) without importing it.

The emergencies app registers one `DeviceSource` from its registry.py: `of_school(school)`
lists the school's devices in use, `by_ids(ids)` finds any devices by id (revoked ones too, so a
link to a revoked device still shows what it was), each one query whatever the number of ids.
With no source registered (emergencies not installed) a school has no device to link.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Device:
    id: int
    school_id: int
    name: str
    place: str  # the zone's full path, "" when the device names no zone
    # The last time its key raised an alarm (a test or a real use); None: never used.
    last_used_at: datetime | None
    revoked: bool = False

    def __str__(self):
        return f"{self.name} · {self.place}" if self.place else self.name


@dataclass(frozen=True)
class DeviceSource:
    of_school: Callable  # (school) -> [Device] in use, by name
    by_ids: Callable  # (ids) -> {id: Device}


_SOURCE: list[DeviceSource] = []


def register_devices(source):
    if _SOURCE and _SOURCE[0] != source:
        raise ImproperlyConfigured("one source of alarm devices only")
    if not _SOURCE:
        _SOURCE.append(source)


def devices_of(school):
    """The school's alarm devices in use."""
    return list(_SOURCE[0].of_school(school)) if _SOURCE else []


def devices_by_id(ids):
    """{id: Device} of the given ids that exist (any school: the caller checks the school)."""
    ids = {i for i in ids if i is not None}
    if not ids or not _SOURCE:
        return {}
    return _SOURCE[0].by_ids(ids)
