"""Letters to guardians as safety education reads them (the demo's holiday letter at s01, half
acknowledged): the rate per letter and class, which moves when a guardian acknowledges, and
the bureau's metric."""

import pytest
from django.utils import timezone

from safecampus.core import metrics
from safecampus.core.metrics import Period
from safecampus.core.models import Org
from safecampus.education.queries.guardians import letter_rates
from safecampus.students import letters
from safecampus.students.models import GuardianLetter

pytestmark = pytest.mark.django_db
TITLE = "寒假安全告家长书"


def _copies(school):
    return GuardianLetter.objects.filter(letter__school=school, letter__title=TITLE)


def test_the_rate_per_class_moves_when_a_guardian_acknowledges(org, person, login):
    school = org("s01")
    copies = _copies(school)
    rows = [r for r in letter_rates(person("s01.principal"), school) if r["letter"] == TITLE]
    assert sum(r["sent"] for r in rows) == copies.count()
    assert sum(r["done"] for r in rows) == copies.filter(acknowledged_at__isnull=False).count()
    first = rows[0]
    pending = copies.filter(
        guardian__student__school_class=first["class_id"], acknowledged_at__isnull=True
    ).first()
    letters.acknowledge(copy=pending, name=pending.guardian.name)
    again = next(
        r
        for r in letter_rates(person("s01.principal"), school)
        if r["letter"] == TITLE and r["class_id"] == first["class_id"]
    )
    assert again["done"] == first["done"] + 1
    letter = copies.first().letter_id
    page = login("s01.principal").get(f"/orgs/{school.pk}/education/guardians/{letter}/")
    assert f"{again['rate']}%" in page.content.decode()


def test_the_bureaus_metric(org):
    school = org("s01")
    period = Period.month(timezone.localtime(_copies(school).first().sent_at).date())
    # Every letter of the school sent in that month counts, not only the holiday letter: which
    # other demo letters fall in it depends on the day of the month the demo was loaded.
    start, end = period.bounds
    copies = GuardianLetter.objects.filter(
        letter__school=school, sent_at__gte=start, sent_at__lt=end
    )
    done = copies.filter(acknowledged_at__isnull=False).count()
    found = metrics.values("education.guardian_ack_rate", Org.objects.filter(pk=school.pk), period)
    assert found == {school.pk: round(100 * done / copies.count(), 1)}


def test_a_head_teacher_does_not_see_the_guardians_page(org, login):
    response = login("s01.headteacher").get(f"/orgs/{org('s01').pk}/education/guardians/")
    assert response.status_code == 403
