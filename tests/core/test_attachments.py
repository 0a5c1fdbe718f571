"""Uploads: checked by content, size-limited, EXIF stripped, stored at random, served in scope."""

import html
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from safecampus.core.errors import DomainError
from safecampus.core.models import Attachment, Post, ResponsibilityLetter
from safecampus.core.services.attachments import store_upload
from tests.helpers import image_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _no_demo_photos():
    """These tests count attachments: start each from none (the demo's photos and campus plans
    roll back afterwards)."""
    from safecampus.risks.models import CampusPlan

    CampusPlan.objects.all().delete()
    Attachment.objects.all().delete()


def _t(message, **params):
    """The message as the user sees it: in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return text % params if params else text


def _jpeg_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "Camera"
    exif[0x0110] = "Phone X"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (30.0, 15.0, 0.0)
    gps[3], gps[4] = "E", (120.0, 10.0, 0.0)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "blue").save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the input does carry GPS
    return data


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _issue(client, school, upload, **extra):
    data = {
        "title": "门卫责任书",
        "body": "责任内容",
        "term_start": "2026-09-01",
        "term_end": "2027-07-10",
        "roles": ["guard"],
        "attachment": upload,
        **extra,
    }
    return client.post(f"/schools/{school.pk}/letters/new/", data)


def test_a_text_file_named_jpg_is_refused_and_nothing_is_stored(login, org):
    s01 = org("s01")
    letters_before = ResponsibilityLetter.objects.count()
    fake = SimpleUploadedFile("scan.jpg", b"just some text, not a photo", "image/jpeg")
    response = _issue(login("s01.officer"), s01, fake)
    assert response.status_code == 400
    assert _t("The file is not a readable image.") in html.unescape(response.content.decode())
    assert not Attachment.objects.exists()
    assert ResponsibilityLetter.objects.count() == letters_before
    assert _media_files() == []


def test_an_oversized_file_is_refused(login, org, settings):
    settings.SAFECAMPUS_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    response = _issue(login("s01.officer"), org("s01"), big)
    assert response.status_code == 400
    message = _t("The file is too large: at most %(mb)d MB.", mb=1)
    assert message in html.unescape(response.content.decode())
    assert not Attachment.objects.exists()
    assert _media_files() == []


def test_gps_and_every_exif_tag_are_stripped_from_photos(login, org):
    s01 = org("s01")
    response = _issue(login("s01.officer"), s01, SimpleUploadedFile("门口.jpg", _jpeg_with_gps()))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    with attachment.file.open("rb") as f, Image.open(f) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (64, 48)
        assert dict(stored.getexif()) == {}
    assert ResponsibilityLetter.objects.get(pk=response["Location"].split("/")[-2]).attachment


def test_a_pdf_is_accepted_under_a_random_name(login, org):
    s01 = org("s01")
    upload = SimpleUploadedFile("安全责任书-张三.pdf", PDF, "application/pdf")
    assert _issue(login("s01.officer"), s01, upload).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "安全责任书-张三.pdf"
    assert re.fullmatch(rf"attachments/{s01.pk}/[0-9a-f]{{32}}\.pdf", attachment.file.name)
    assert "张三" not in attachment.file.name
    [on_disk] = _media_files()
    assert on_disk.read_bytes() == PDF


def test_two_uploads_of_the_same_name_get_different_names(org, person):
    s01, officer = org("s01"), person("s01.officer")
    first = store_upload(actor=officer, org=s01, upload=SimpleUploadedFile("a.pdf", PDF))
    second = store_upload(actor=officer, org=s01, upload=SimpleUploadedFile("a.pdf", PDF))
    assert first.file.name != second.file.name


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("s01.teacher", 200),
        ("s01.guard", 200),
        ("bureau.admin", 200),
        ("s02.officer", 404),
        ("s05.principal", 404),
    ],
)
def test_download_is_scoped_to_the_owner_school(username, status, login, org, person):
    upload = SimpleUploadedFile("记录.pdf", PDF)
    attachment = store_upload(actor=person("s01.officer"), org=org("s01"), upload=upload)
    # Held by the demo letter, whose recipients include the teacher and the guard.
    ResponsibilityLetter.objects.filter(school=org("s01")).update(attachment=attachment)
    response = login(username).get(f"/attachments/{attachment.pk}/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"


def test_anonymous_download_goes_to_login(client, org, person):
    upload = SimpleUploadedFile("记录.pdf", PDF)
    attachment = store_upload(actor=person("s01.officer"), org=org("s01"), upload=upload)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_another_format_is_refused_by_name(org, person):
    with pytest.raises(DomainError) as refused:
        store_upload(
            actor=person("s01.officer"),
            org=org("s01"),
            upload=SimpleUploadedFile("a.png", image_bytes("GIF")),
        )
    assert refused.value.message == _t("Only JPEG, PNG and WebP images are accepted.")
    assert not Attachment.objects.exists()


def test_an_image_claiming_huge_dimensions_is_refused_with_a_message(org, person):
    out = io.BytesIO()
    Image.new("1", (14000, 14000), 0).save(out, "PNG")  # 24 KB on disk, 196 megapixels
    with pytest.raises(DomainError):
        store_upload(
            actor=person("s01.officer"),
            org=org("s01"),
            upload=SimpleUploadedFile("b.png", out.getvalue()),
        )
    assert not Attachment.objects.exists()


def test_a_refused_letter_leaves_no_file_behind(login, org):
    s01 = org("s01")
    empty = Post.objects.create(school=s01, name="空岗位", kind="other", duties="无人")
    upload = SimpleUploadedFile("scan.pdf", PDF, "application/pdf")
    response = _issue(login("s01.officer"), s01, upload, roles=[], posts=[empty.pk])
    assert response.status_code == 400
    assert not Attachment.objects.exists()
    assert _media_files() == []


def test_a_letters_scan_is_hidden_from_those_who_cannot_see_the_letter(login, org):
    s01 = org("s01")
    upload = SimpleUploadedFile("scan.pdf", PDF, "application/pdf")
    letter_url = _issue(login("s01.officer"), s01, upload)["Location"]
    attachment = Attachment.objects.get()
    police = login("police.liaison")
    assert police.get(letter_url).status_code == 404
    assert police.get(f"/attachments/{attachment.pk}/").status_code == 404
