"""Daily roll-ups of the metrics that opt in (core.rollups): one row per metric, school, day
(and category, for a breakdown), rebuilt by a nightly task. Figures of days after the roll-up
are counted live from the rows themselves."""

from django.db import models


class MetricDay(models.Model):
    """A day's figure of a school; or, with `grain` "m", a whole month's (`day` is its first
    day), so that a year over a thousand schools reads twelve rows a school, not 365."""

    metric = models.CharField(max_length=64)
    school = models.ForeignKey("core.Org", on_delete=models.CASCADE, related_name="+")
    grain = models.CharField(max_length=1, default="d")
    day = models.DateField()
    # A breakdown's category; empty for a metric.
    bucket = models.CharField(max_length=64, blank=True, default="")
    # A count: n = total = the rows of the day. A rate: n of the day's `total` rows were done.
    n = models.IntegerField()
    total = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "grain", "bucket", "school", "day"], name="metricday_unique"
            )
        ]
        # A bureau's period reads one metric over its schools and days: the index answers it
        # alone (an index-only scan: the figures are in it).
        indexes = [
            models.Index(
                fields=["metric", "grain", "day", "school", "bucket", "n", "total"],
                name="metricday_metric_day",
            ),
            # One school's period (its own cockpit): the same, its rows side by side; the index
            # above would read every school's rows of the days to find one school's.
            models.Index(
                fields=["metric", "grain", "school", "day", "bucket", "n", "total"],
                name="metricday_metric_school",
            ),
        ]

    def __str__(self):
        return f"{self.metric} · {self.school_id} · {self.day}: {self.n}/{self.total}"


class MetricRollup(models.Model):
    """How far a metric's roll-up goes: its rows cover the days up to `until`; rows dated from
    `live_from` (the next midnight, school time) are counted live."""

    metric = models.CharField(max_length=64, primary_key=True)
    until = models.DateField()
    # The last day of the last whole month with rows of its own (grain "m").
    months_until = models.DateField()
    live_from = models.DateTimeField()
    rebuilt_at = models.DateTimeField()
    seconds = models.FloatField(default=0)

    def __str__(self):
        return f"{self.metric} to {self.until}"
