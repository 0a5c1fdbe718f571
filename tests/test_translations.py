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


def test_traditional_chinese_uses_the_words_schools_use():
    """The simplified-to-traditional conversion once gave Taiwan's programming terms: 型別 for
    a kind of thing (類型) and 門衛臺 for the gatehouse (門衛室)."""
    catalogue = polib.pofile(str(LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        assert "型別" not in entry.msgstr and "門衛臺" not in entry.msgstr, entry.msgid


@pytest.mark.django_db
def test_the_language_list_names_each_language_in_itself(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert ">English</option>" in page and ">繁體中文</option>" in page
    assert "英语" not in page
