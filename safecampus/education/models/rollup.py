"""The 1530 entries due per school and school day, rebuilt nightly (services.rollup): the
bureau's 1530 figures then read one query whatever the number of schools, instead of every
school's calendar."""

from django.db import models


class Due1530(models.Model):
    """Entries due at `school` on `day`: its classes that day if the calendar makes it a
    school day (a 1530 slot), as of the last rebuild. No row: nothing due."""

    school = models.ForeignKey("core.Org", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    due = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "day"], name="education_due1530_unique")
        ]

    def __str__(self):
        return f"{self.school_id} · {self.day} · {self.due}"
