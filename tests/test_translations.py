"""Every string is translated into both Chinese scripts, with the same placeholders."""

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "safecampus" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant"])
def test_the_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 300
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    for entry in catalogue:
        texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )


def test_english_is_the_source_and_has_no_stale_entries():
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    chinese = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert {e.msgid for e in catalogue} == {e.msgid for e in chinese}
    assert catalogue.fuzzy_entries() == []
