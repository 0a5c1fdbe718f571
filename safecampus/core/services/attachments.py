"""Accepting uploads: size-limited, type-checked by content, EXIF stripped, stored at random."""

import hashlib
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError
from safecampus.core.models import Attachment
from safecampus.core.roles import Cap

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PIXELS = 40_000_000


def _clean_image(data):
    """Re-encode an image without its metadata (EXIF, GPS), upright. Refuses non-images."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in IMAGE_FORMATS:
            raise DomainError(_("Only JPEG, PNG and WebP images are accepted."))
        if image.width * image.height > MAX_PIXELS:
            raise DomainError(_("The image is too large (more than 40 megapixels)."))
        fmt = image.format
        image = ImageOps.exif_transpose(image)
        # Drop every piece of metadata (EXIF with GPS, XMP, comments) before re-encoding.
        image.info = {}
        out = io.BytesIO()
        if fmt == "JPEG":
            image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
        else:
            image.save(out, fmt)
        return out.getvalue(), IMAGE_FORMATS[fmt]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DomainError(_("The file is not a readable image.")) from exc


def store_upload(*, actor, org, upload, images_only=False):
    """Check and store one uploaded file for `org`. Raises DomainError, storing nothing."""
    if not has_cap(actor, Cap.ATTACHMENT_UPLOAD, org):
        raise DomainError(_("You may not upload files here."))
    limit = settings.SAFECAMPUS_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise DomainError(
            _("The file is too large: at most %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
        )
    data = upload.read()
    if not data:
        raise DomainError(_("The file is empty."))
    if images_only or data[:5] != b"%PDF-":
        data, content_type = _clean_image(data)
    else:
        content_type = "application/pdf"
    attachment = Attachment(
        org=org,
        original_name=(upload.name or "file")[:200],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save("upload", ContentFile(data), save=False)
    attachment.save()
    return attachment
