"""Accepting uploads: size-limited, type-checked by content, EXIF stripped, stored at random.

Pillow is imported by the functions that read an image, not when this module loads: every worker
loads this module, few of its requests carry a photo, and Pillow holds some 3 MB (issue 11: a
worker's memory is what its biggest export adds to).
"""

import hashlib
import io
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError
from safecampus.core.models import Attachment
from safecampus.core.roles import Cap

# Files written inside `atomic_with_files`; removed again if that transaction fails.
_written: ContextVar[list | None] = ContextVar("written_files", default=None)

# Checks that say who may download an attachment, by the record that holds it. Each returns
# True (may see), False (may not) or None (not mine). Apps register theirs.
ATTACHMENT_GUARDS = []

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PIXELS = 40_000_000


def _clean_image(data):
    """Re-encode an image without its metadata (EXIF, GPS), upright. Refuses non-images."""
    from PIL import Image, ImageOps, UnidentifiedImageError

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
    except Image.DecompressionBombError as exc:
        raise DomainError(_("The image is too large (more than 40 megapixels).")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DomainError(_("The file is not a readable image.")) from exc


def image_size(data):
    """(width, height) of an image already accepted by `store_upload`."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


def shrunk_image(upload, *, longest=800):
    """An uploaded image scaled down so that its longest side is at most `longest` pixels, as
    JPEG, for a record that needs a face and not a phone camera's megabytes. Refuses (a
    DomainError) what `store_upload` refuses: too large a file, not an image."""
    limit = settings.SAFECAMPUS_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise DomainError(
            _("The file is too large: at most %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
        )
    from PIL import Image

    data, _content_type = _clean_image(upload.read())
    image = Image.open(io.BytesIO(data))
    image.thumbnail((longest, longest))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    shrunk = ContentFile(out.getvalue(), name=(upload.name or "photo")[:200])
    return shrunk


def store_upload(*, actor, org, upload, images_only=False, anonymous=False):
    """Check and store one uploaded file for `org`. Raises DomainError, storing nothing.

    `actor` None is a public upload (the caller has checked the page is public); `anonymous`
    keeps the uploader off the row, so a photo never reveals who reported.
    """
    if actor is not None and not has_cap(actor, Cap.ATTACHMENT_UPLOAD, org):
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
        uploaded_by=None if anonymous or actor is None else actor,
    )
    attachment.file.save("upload", ContentFile(data), save=False)
    written = _written.get()
    if written is not None:
        written.append(attachment.file.name)
    attachment.save()
    return attachment


@contextmanager
def atomic_with_files():
    """A transaction whose uploaded files are deleted again if it rolls back."""
    outer = _written.get()
    written = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    else:
        if outer is not None:
            # A savepoint that kept its files: they go with the enclosing transaction if that
            # rolls back.
            outer.extend(written)
    finally:
        _written.reset(token)


def may_download(user, attachment):
    """The record holding the file decides; a file no record claims is its uploader's alone."""
    for guard in ATTACHMENT_GUARDS:
        verdict = guard(user, attachment)
        if verdict is not None:
            return verdict
    return attachment.uploaded_by_id is not None and attachment.uploaded_by_id == user.pk


def stored_photos(*, actor, org, uploads, anonymous=False):
    """Photos for a record: new uploads are checked and stored; photos already stored (by an
    inspection or a patrol scan, then passed on to a hazard) are linked, not copied, but only
    when they are images of the same org."""
    photos = []
    for upload in uploads:
        if isinstance(upload, Attachment):
            if upload.org_id != org.pk or not upload.content_type.startswith("image/"):
                raise DomainError(_("Only photos of this school can be attached."))
            photos.append(upload)
        else:
            photos.append(
                store_upload(
                    actor=actor, org=org, upload=upload, images_only=True, anonymous=anonymous
                )
            )
    return photos
