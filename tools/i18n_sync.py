"""Keep the three catalogues in step after `makemessages`.

- A fuzzy entry (makemessages' guess for a changed string) loses its guess: it is untranslated.
- Translations given in a JSON file ({"msgid": "简体", "context\\u0004msgid": "简体"}) fill
  zh_Hans.
- zh_Hant entries still empty are converted from zh_Hans with OpenCC (s2twp), then read by a
  person like any other translation.
- English is the source language: its msgstr stay empty.
Lists what is still untranslated and exits 1 if anything is.
"""

import json
import sys
from pathlib import Path

import polib
from opencc import OpenCC

LOCALE = Path(__file__).resolve().parent.parent / "safecampus" / "locale"


def key(entry):
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def load(lang):
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"), wrapwidth=79)


def clear_fuzzy(catalogue):
    for entry in catalogue:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def set_text(entry, text):
    if entry.msgid_plural:
        entry.msgstr_plural = {0: text}
    else:
        entry.msgstr = text


def text_of(entry):
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def main(argv):
    given = json.loads(Path(argv[1]).read_text()) if len(argv) > 1 else {}
    hans, hant, en = load("zh_Hans"), load("zh_Hant"), load("en")
    for catalogue in (hans, hant, en):
        catalogue.metadata_is_fuzzy = False
        clear_fuzzy(catalogue)
    for entry in hans:
        if key(entry) in given:
            set_text(entry, given[key(entry)])
    simplified = {key(e): text_of(e) for e in hans}
    converter = OpenCC("s2twp")
    for entry in hant:
        if not text_of(entry) and simplified.get(key(entry)):
            set_text(entry, converter.convert(simplified[key(entry)]))
    for entry in en:
        set_text(entry, "")
    for catalogue in (hans, hant, en):
        catalogue.save()
    missing = [key(e) for e in hans if not text_of(e)]
    for item in missing:
        print(f"untranslated: {item!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
