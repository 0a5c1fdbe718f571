"""The student roll as xlsx: masked identifiers, like every list."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from safecampus.core.xlsx import new_sheet, text_cell, xlsx_response


def roll_response(students, filename):
    def write(stream):
        columns = [pgettext("school year", "Grade"), _("Class"), _("Student number")]
        columns += [pgettext("person", "Name"), _("ID number")]
        columns += [_("Guardians")]
        wb, ws = new_sheet(_("Students"), columns, [8, 14, 14, 12, 22, 40])
        for s in students:
            guardians = "; ".join(
                f"{g.name} ({g.relation}) {g.masked_phone}" for g in s.guardians.all()
            )
            ws.append(
                [
                    s.school_class.grade,
                    text_cell(ws, s.school_class.name),
                    text_cell(ws, s.student_number),
                    text_cell(ws, s.name),
                    s.masked_id,
                    text_cell(ws, guardians),
                ]
            )
        wb.save(stream)

    return xlsx_response(write, filename)
