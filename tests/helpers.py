"""Builders every app's tests share: generated images (as bytes, as uploads, as files) and
people (a demo person by username, a new member of a school).

The product's own services and the demo district build everything else; a test that needs a
hazard, a route or a visit makes it through the service a person would use.
"""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from safecampus.core.models import Membership, User

CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}


def image_bytes(fmt="PNG", size=(8, 8), colour=(200, 30, 30), **save_options):
    """A plain image of one colour, encoded as `fmt` (PNG, JPEG, GIF)."""
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, fmt, **save_options)
    return out.getvalue()


def png(name="photo.png", size=(8, 8), colour=(200, 30, 30)):
    """A PNG upload, as a form or the API receives it."""
    return SimpleUploadedFile(name, image_bytes("PNG", size, colour), content_type="image/png")


def image_file(path, fmt="JPEG", size=(640, 480), colour=(90, 90, 160)):
    """A photo on disk (what a browser test hands to a file input); returns the path."""
    path.write_bytes(image_bytes(fmt, size, colour))
    return path


def user_named(username):
    return User.objects.get(username=username)


def make_user(username, name, school, role, *, department=None, email=""):
    """A new person holding `role` at `school`, in `department` when one is given."""
    person = User.objects.create_user(username, email=email, display_name=name)
    Membership.objects.create(user=person, org=school, role=role, department=department)
    return person
