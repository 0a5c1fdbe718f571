import pytest

from safecampus.core.models import LetterRecipient, Notification, Post, ResponsibilityLetter

pytestmark = pytest.mark.django_db


def issue(client, school, **extra):
    data = {
        "title": "门卫岗位安全责任书",
        "body": "门卫对校门安全负直接责任。",
        "term_start": "2026-09-01",
        "term_end": "2027-07-10",
        **extra,
    }
    return client.post(f"/schools/{school.pk}/letters/new/", data)


def test_a_letter_to_a_post_reaches_its_holders_who_sign_it(login, org, person):
    s01 = org("s01")
    guard_post = Post.objects.get(school=s01, kind="guard")
    response = issue(login("s01.officer"), s01, posts=[guard_post.pk])
    assert response.status_code == 302
    letter = ResponsibilityLetter.objects.get(school=s01, title="门卫岗位安全责任书")
    recipients = {r.user.username for r in letter.recipients.select_related("user")}
    assert recipients == {"s01.guard", "s01.guard2"}
    assert Notification.objects.filter(user=person("s01.guard"), kind="letter.issued").exists()

    guard = login("s01.guard")
    page = guard.get(f"/schools/{s01.pk}/letters/{letter.pk}/")
    assert "sign-letter" in page.content.decode()
    guard.post(f"/schools/{s01.pk}/letters/{letter.pk}/sign/")
    signed = LetterRecipient.objects.get(letter=letter, user=person("s01.guard"))
    assert signed.signed_at is not None

    unsigned = login("s01.officer").get(f"/schools/{s01.pk}/letters/{letter.pk}/?unsigned=1")
    body = unsigned.content.decode()
    assert person("s01.guard2").display_name in body
    assert person("s01.guard").display_name not in body.split("list-group-flush")[-1]


def test_signing_twice_changes_nothing(login, org, person):
    s01 = org("s01")
    letter = ResponsibilityLetter.objects.filter(school=s01).earliest("issued_at")
    signed = letter.recipients.filter(signed_at__isnull=False).select_related("user").first()
    first_time = signed.signed_at
    login(signed.user.username).post(f"/schools/{s01.pk}/letters/{letter.pk}/sign/")
    signed.refresh_from_db()
    assert signed.signed_at == first_time


def test_nobody_else_can_sign_or_read_a_letter_not_issued_to_them(login, org):
    s01 = org("s01")
    letter = ResponsibilityLetter.objects.filter(school=s01).earliest("issued_at")
    assert not letter.recipients.filter(user__username="s01.principal").exists()
    # The principal manages letters and sees it, but cannot sign for someone else.
    principal = login("s01.principal")
    principal.post(f"/schools/{s01.pk}/letters/{letter.pk}/sign/")
    assert not letter.recipients.filter(signed_name__contains="校长").exists()
    # Another school's people do not even see it.
    assert login("s02.teacher").get(f"/schools/{s01.pk}/letters/{letter.pk}/").status_code == 404


def test_a_letter_needs_an_audience_and_an_ordered_term(login, org):
    s01 = org("s01")
    client = login("s01.officer")
    assert issue(client, s01).status_code == 400
    assert issue(client, s01, roles=["guard"], term_end="2026-01-01").status_code == 400
    assert not ResponsibilityLetter.objects.filter(title="门卫岗位安全责任书").exists()


def test_a_non_image_attachment_keeps_the_letter_unissued(login, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    s01 = org("s01")
    fake = SimpleUploadedFile("scan.jpg", b"not really an image", content_type="image/jpeg")
    response = issue(login("s01.officer"), s01, roles=["guard"], attachment=fake)
    assert response.status_code == 400
    assert not ResponsibilityLetter.objects.filter(title="门卫岗位安全责任书").exists()
