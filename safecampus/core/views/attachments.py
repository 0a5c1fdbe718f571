from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from safecampus.core.access import get_visible_or_404
from safecampus.core.models import Attachment
from safecampus.core.services.attachments import may_download


@login_required
def attachment_download(request, attachment_id):
    """Files are only ever served here, after the scope check."""
    attachment = get_visible_or_404(request.user, Attachment, attachment_id)
    if not may_download(request.user, attachment):
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image and request.GET.get("inline") != "1",
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
