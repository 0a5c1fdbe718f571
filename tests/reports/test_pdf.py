"""A safety summary opens in LibreOffice Writer (Debian's libreoffice-writer) and converts to a
PDF of several pages, each rendered to an image for a person to look at (the images are left in
SAFECAMPUS_PDF_SHOTS when it is set). Marked slow, outside the default suite: run it with
`pytest -m slow tests/reports/test_pdf.py -n 0`."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from safecampus.core.models import Org, User
from safecampus.core.services.notifications import muted
from safecampus.reports import services

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (libreoffice-writer)")
def test_a_school_summary_converts_to_pdf(tmp_path):
    school = Org.objects.get(code="s01")
    today = timezone.localdate()
    with muted():
        summary = services.request_summary(
            actor=User.objects.get(username="s01.officer"), org=school, title="秋季安全工作总结",
            start=today.replace(month=9, day=1) if today.month >= 9 else today.replace(day=1),
            end=today,
        )  # fmt: skip
        services.write_summary.call(summary.pk)
    summary.refresh_from_db()
    source = tmp_path / "summary.docx"
    with summary.file.open("rb") as handle:
        source.write_bytes(handle.read())
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, timeout=180, capture_output=True,
    )  # fmt: skip
    pdf = tmp_path / "summary.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    shots = Path(os.environ.get("SAFECAMPUS_PDF_SHOTS") or tmp_path / "pages")
    shots.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(shots / "page")], check=True, timeout=120
    )
    pages = sorted(shots.glob("page-*.png"))
    assert len(pages) >= 3, "nine chapters with tables and a chart fill several pages"
    # The fonts: the PDF embeds a CJK font (宋体 is mapped to what the system has).
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert any(name in fonts for name in ("CJK", "Song", "Ming", "WenQuanYi", "Droid")), fonts
