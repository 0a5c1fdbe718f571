"""The safety calendar as iCalendar (RFC 5545, the `icalendar` library) for a phone's calendar:
all-day events, each with a reminder its lead time before. icalendar (with dateutil, 4.6 MB)
is imported when a calendar is written, not by every worker that loads the URLs."""

from datetime import timedelta

from django.utils import timezone


def ical(school, items, default_lead, base_url):
    """The school's items as an .ics document (bytes). `base_url` makes the links absolute."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//SafeCampus//safety calendar//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{school.name} · 安全工作序列表")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now()
    for item in items:
        event = Event()
        event.add("uid", f"{item.key}@{school.pk}.safecampus")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        # An all-day event ends the day after its last day (RFC 5545 §3.6.1).
        event.add("dtend", item.end + timedelta(days=1))
        event.add("summary", str(item.title))
        lines = [str(item.kind_label)]
        if item.moved_from:
            lines.append(f"← {item.moved_from.isoformat()}")
        if item.source:
            lines.append(str(item.source))
        event.add("description", "\n".join(lines))
        event.add("categories", [str(item.kind_label)])
        event.add("transp", "TRANSPARENT")
        if item.url:
            event.add("url", base_url + item.url)
        lead = default_lead if item.lead_days is None else item.lead_days
        if lead > 0:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", str(item.title))
            alarm.add("trigger", -timedelta(days=lead))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
