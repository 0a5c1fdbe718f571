"""Every change to a summary: asked for by a person, written by the worker."""

import logging
import tempfile
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import capabilities
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.ledgers import ledgers_for, write_pack
from safecampus.core.models import User
from safecampus.core.reporting import REPORT_KINDS, reports_for
from safecampus.core.roles import CAPABILITIES, Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.reports import documents
from safecampus.reports.models import (
    LEDGER_PACK_TITLE,
    LEDGERS_KIND,
    SUMMARY_KIND,
    Summary,
    SummaryStatus,
)
from safecampus.reports.workflow import SUMMARY

log = logging.getLogger(__name__)

# A summary covers a term or a year; two years is the longest span anyone hands in.
LONGEST = timedelta(days=731)


def _caps(actor, org):
    if actor.is_superuser:
        return sorted({cap for caps in CAPABILITIES.values() for cap in caps})
    return sorted(capabilities(actor, org))


@dataclass(frozen=True)
class Document:
    key: str
    title: str


LEDGER_PACK = Document(LEDGERS_KIND, LEDGER_PACK_TITLE)


def documents_for(org, caps):
    """What a holder of `caps` at `org` may ask for besides the summary: the reports of
    core.reporting, and at a school the ledger pack when they may read one of its ledgers."""
    found = list(reports_for(caps))
    if org.is_school and ledgers_for(caps):
        found.append(LEDGER_PACK)
    return found


def _enqueue(summary_id):
    transaction.on_commit(lambda: write_summary.enqueue(summary_id))


def request_summary(*, actor, org, title, start, end, kind=SUMMARY_KIND):
    """Ask for a summary of `org`'s records from `start` to `end` (or another document of
    core.reporting: `kind` "risk" is the risk assessment report); the worker writes it and
    the asker finds it in the inbox."""
    require(actor, Cap.REPORT_MAKE, org)
    if kind == LEDGERS_KIND:
        if not org.is_school:
            raise InvalidFields({"kind": _("The ledger pack is a school's: choose a school.")})
        if not ledgers_for(_caps(actor, org)):
            raise InvalidFields({"kind": _("You may read none of this school's ledgers.")})
    elif kind != SUMMARY_KIND:
        if kind not in REPORT_KINDS:
            raise InvalidFields({"kind": _("There is no such document.")})
        require(actor, REPORT_KINDS[kind].cap, org)
    title = (title or "").strip()
    if not title:
        raise InvalidFields({"title": _("Give the summary a title.")})
    if len(title) > 120:
        raise DomainError(_("The title is too long: at most 120 characters."))
    if end < start:
        raise InvalidFields({"end": _("The period ends before it starts.")})
    if end - start > LONGEST:
        raise DomainError(_("A summary covers at most two years."))
    if start > timezone.localdate():
        raise InvalidFields({"start": _("The period has not begun yet.")})
    with transaction.atomic():
        summary = Summary.objects.create(
            org=org,
            title=title,
            kind=kind,
            start=start,
            end=end,
            caps=_caps(actor, org),
            requested_by=actor,
        )
        audit.record(actor=actor, org=org, action="summary.request", obj=summary)
        _enqueue(summary.pk)
    return summary


def retry_summary(*, actor, summary):
    """Ask again for a summary the worker could not write."""
    require(actor, Cap.REPORT_MAKE, summary.org)
    with transaction.atomic():
        summary = Summary.objects.select_for_update().get(pk=summary.pk)
        summary.status = SUMMARY.next_state(summary, "retry")
        summary.progress = 0
        summary.error = ""
        summary.save(update_fields=["status", "progress", "error"])
        audit.record(actor=actor, org=summary.org, action="summary.retry", obj=summary)
        _enqueue(summary.pk)
    return summary


def move(pk, action, **fields):
    """The worker's moves (start, finish, fail), each looked up in the table."""
    with transaction.atomic():
        summary = Summary.objects.select_for_update().select_related("org").get(pk=pk)
        summary.status = SUMMARY.next_state(summary, action)
        for name, value in fields.items():
            setattr(summary, name, value)
        summary.save()
    return summary


def previous_figures(summary):
    """The snapshot of the org's last finished document of the same kind, or None."""
    last = (
        Summary.objects.filter(org=summary.org_id, kind=summary.kind, status=SummaryStatus.DONE)
        .exclude(pk=summary.pk)
        .order_by("-finished_at", "-pk")
        .values_list("figures", flat=True)
        .first()
    )
    return last or None


READY = gettext_lazy("“%(title)s” is ready")
FAILED = gettext_lazy("“%(title)s” could not be written")


@task
def write_summary(pk):
    """The worker's job: write the document from the records, keep it, tell the asker. A
    summary no longer waiting (written already by an earlier run) is left as it is."""
    if not Summary.objects.filter(pk=pk, status=SummaryStatus.QUEUED).exists():
        return None
    summary = move(pk, "start", progress=0)

    def progress(done, total):
        Summary.objects.filter(pk=pk).update(progress=done * 100 // total)

    asker = summary.requested_by
    language = (asker.language if asker is not None else "") or settings.LANGUAGE_CODE
    snapshot = {}
    pdf = None
    try:
        with translation.override(language):
            if summary.kind == LEDGERS_KIND:
                content = _write_pack(summary, progress)
            elif summary.kind == SUMMARY_KIND:
                content = documents.write(summary, progress=progress)
            else:
                sections, snapshot = documents.report_sections(summary, previous_figures(summary))
                content = documents.write_report(summary, sections, progress=progress)
                pdf = documents.report_pdf(summary, sections)
    except Exception:
        log.exception("summary %s could not be written", pk)
        summary = move(pk, "fail", error="write", finished_at=timezone.now())
        title = FAILED
    else:
        with transaction.atomic():
            summary = move(pk, "finish", finished_at=timezone.now(), progress=100)
            summary.figures = snapshot
            if isinstance(content, bytes):
                content = ContentFile(content)
            summary.size = content.size
            summary.file.save(f"{summary.pk}.{summary.extension}", content, save=False)
            if pdf is not None:
                summary.pdf_size = len(pdf)
                summary.pdf.save(f"{summary.pk}.pdf", ContentFile(pdf), save=False)
            summary.save(update_fields=["file", "size", "figures", "pdf", "pdf_size"])
        content.close()
        title = READY
    readers = [asker] if asker is not None else list(scheduled_readers(summary))
    transaction.on_commit(
        lambda: notify(
            readers,
            kind="summary",
            title=title,
            url=summary.get_absolute_url(),
            org=summary.org,
            params={"title": summary.title},
        )
    )
    return summary.status


def scheduled_readers(summary):
    """Who hears of a report the schedule wrote: the org's own people (not those above it:
    a bureau would hear of every school's) whose role gives every capability the report was
    written with (report.view and the kind's)."""
    needed = set(summary.caps)
    roles = [role for role, caps in CAPABILITIES.items() if needed <= set(caps)]
    return User.objects.filter(
        is_active=True,
        memberships__ended_at__isnull=True,
        memberships__role__in=roles,
        memberships__org=summary.org,
    ).distinct()


def _write_pack(summary, progress):
    """The ledger pack, written to a temporary file (kept on disk, never whole in memory);
    the ledgers are those the asker could read when asking."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the File once saved
    write_pack(
        out,
        user=summary.requested_by,
        school=summary.org,
        start=summary.start,
        end=summary.end,
        caps=set(summary.caps),
        progress=progress,
    )
    out.seek(0)
    return File(out)


def is_waiting(summary):
    return summary.status in (SummaryStatus.QUEUED, SummaryStatus.RUNNING)
