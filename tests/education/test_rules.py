"""The bureau's education programme: the administrator saves the district's own figures with
their source, the schools' pages apply them; a bad figure or a school's page is refused; every
role on the district (and the school users on it) gets what their capabilities say."""

import pytest

from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.education.models import EducationRules
from tests.roles import BUREAU, ROLE_OF

pytestmark = pytest.mark.django_db

FIGURES = {
    "minutes_daily": "1",
    "minutes_weekend": "5",
    "minutes_holiday": "30",
    "lesson_interval_days": "10",
    "head_teacher_trainings": "3",
    "principal_reports": "1",
    "notice_reminder_days": "3",
    "source": "城南区教育局〔2026〕安全教育通知",
}


def test_the_administrator_sets_the_districts_programme(org, login):
    district = org("demo-district")
    client = login("bureau.admin")
    response = client.post(f"/orgs/{district.pk}/education/rules/", FIGURES)
    assert response.status_code == 302
    own = EducationRules.objects.get(org=district)
    assert (own.lesson_interval_days, own.head_teacher_trainings) == (10, 3)
    plan = login("s01.principal").get(f"/orgs/{org('s01').pk}/education/plan/")
    text = plan.content.decode()
    assert "10" in text and "城南区教育局〔2026〕安全教育通知" in text


def test_a_bad_figure_changes_nothing(org, login):
    district = org("demo-district")
    response = login("bureau.admin").post(
        f"/orgs/{district.pk}/education/rules/", FIGURES | {"lesson_interval_days": "0"}
    )
    assert response.status_code == 400
    assert not EducationRules.objects.filter(org=district).exists()


def test_a_school_has_no_programme_page(org, login):
    response = login("bureau.admin").get(f"/orgs/{org('s01').pk}/education/rules/")
    assert response.status_code == 404


@pytest.mark.parametrize("username", list(ROLE_OF))
def test_who_may_open_and_save_the_programme(org, login, username):
    district = org("demo-district")
    client = login(username)
    if username not in BUREAU:
        want = 404  # the district is outside a school user's scope
    elif Cap.EDUCATION_RULES in CAPABILITIES[ROLE_OF[username]]:
        want = 200
    else:
        want = 403
    assert client.get(f"/orgs/{district.pk}/education/rules/").status_code == want
    saved = client.post(f"/orgs/{district.pk}/education/rules/", FIGURES).status_code
    assert saved == (302 if want == 200 else want)
    assert EducationRules.objects.filter(org=district).exists() == (want == 200)
