"""What every module's generator shares: the seed, the clock, the writer and the schools."""

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SURNAMES = "张王李刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"


@dataclass
class School:
    id: int
    code: str
    name: str
    kind: str
    enrolment: int
    staff: list = field(default_factory=list)  # user ids
    roles: dict = field(default_factory=dict)  # role -> [user ids]
    zones: list = field(default_factory=list)  # (id, name, kind)
    posts: dict = field(default_factory=dict)  # post kind -> (post id, zone id)
    hazards: int = 0
    hot: bool = False
    # Filled by the earlier steps for the later ones: the items of the school's first
    # checklist, and (id, reported at) of hazards a supervision visit found.
    checklist_version: int = 0
    checklist_items: list = field(default_factory=list)
    visit_hazards: list = field(default_factory=list)
    # The school year's classes (id, grade, name, head teacher id) and their roll of students
    # (id, class id, name, guardian id, guardian name, guardian phone): city.schoolyear.
    classes: list = field(default_factory=list)
    pupils: list = field(default_factory=list)
    # The ids of all the school's students, the roll's first, then those a step asked for
    # beyond it (city.schoolyear.enrol): the bus riders and outing groups are drawn from here.
    students: list = field(default_factory=list)

    def one(self, role):
        return self.roles[role][0]


@dataclass
class City:
    seed: int
    today: object
    writer: object
    prefix: str
    password_hash: str
    days: int = 30
    bureau_id: int = 0
    district_ids: list = field(default_factory=list)
    bureau_users: dict = field(default_factory=dict)  # role -> user id
    schools: list = field(default_factory=list)
    term: tuple = ()  # (first, last day) of the current term, once city.schoolyear has run

    def rng(self, name):
        """A generator of its own per module, so one module's draws never shift another's."""
        return random.Random(f"{self.seed}:{self.prefix}:{name}")

    @property
    def midnight(self):
        return timezone.make_aware(datetime.combine(self.today, time()))

    def at(self, days_ago, seconds=0):
        return self.midnight - timedelta(days=days_ago) + timedelta(seconds=seconds)

    def code(self, n, length, salt=0):
        """A unique code for number `n`: an odd multiplier is a bijection modulo 32**length."""
        space = 32**length
        x = (n * 0x9E3779B97F4A7C15 + self.seed * 7919 + salt) % space
        out = []
        for _ in range(length):
            x, digit = divmod(x, 32)
            out.append(ALPHABET[digit])
        return "".join(out)


def gap(rng, school, first=True, share=1 / 8):
    """Whether `school` shows a gap the bureau looks for: about one school in eight (`share`),
    and the hot-spot school wherever `first` says (once per kind of gap), so that even a city of
    three schools has every figure. The draw is made for every school alike, so the hot spot
    never shifts the others' draws."""
    drawn = rng.random() < share
    return (school.hot and first) or drawn


def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def new_uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)
