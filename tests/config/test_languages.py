import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
ENTRY = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)msgstr "(.*)"\n((?:".*"\n)*)', re.MULTILINE)


def untranslated(po_text: str) -> list[str]:
    missing = []
    for msgid, msgid_more, msgstr, msgstr_more in ENTRY.findall(po_text):
        if (msgid or msgid_more) and not (msgstr or msgstr_more):
            missing.append(msgid or msgid_more)
    return missing


@pytest.mark.parametrize("language", ["de", "it"])
def test_catalog_translates_every_string(language):
    po_text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
    assert untranslated(po_text) == []
    assert "#, fuzzy" not in po_text
    assert (LOCALE / language / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [
    ("de", "Bestellungen"), ("it", "Ordini d'acquisto"), ("en", "Purchase orders")])
def test_admin_follows_the_browser_language(admin_client, language, expected):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expected in page.replace("&#x27;", "'")
