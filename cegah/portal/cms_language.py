"""Is Wagtail's editorial interface complete in Indonesian?

Wagtail's `id_ID` catalogues leave a good part of the admin in English ("Autosave is paused",
"For search engines", the slug error). `cegah/wagtail_id` (server side) and the project's
`locale/id/LC_MESSAGES/djangojs.po` (the admin's JavaScript) fill the gaps. This module lists
what is still missing, for the test that keeps it so and for `manage.py cms_catalogue_gaps`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib
from django.apps import apps
from django.utils.translation import trans_real

# The Wagtail apps an editor or moderator works in (`wagtailusers` for their account
# preferences). Sites, locales, redirects and forms are for the platform's operators. Wagtail's
# shipped `en` catalogues lag behind its code, so `cegah/wagtail_id` was also filled from a
# fresh extraction of the sources (and holds taggit's few strings, which ship no `en` one).
EDITOR_APPS = (
    "wagtailadmin",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailsnippets",
    "wagtailembeds",
    "wagtailusers",
    "wagtail_localize",
)
LANGUAGE = "id"


@dataclass(frozen=True)
class Missing:
    app: str
    domain: str
    msgid: str
    msgctxt: str | None
    msgid_plural: str | None


def _catalogue(domain: str, app_path: Path) -> dict[object, str]:
    if domain == "django":
        translation = trans_real.translation(LANGUAGE)
    else:
        # As the admin's JavaScript catalogue view builds it: the package, then LOCALE_PATHS.
        translation = trans_real.DjangoTranslation(
            LANGUAGE, domain=domain, localedirs=[str(app_path / "locale")]
        )
    return translation._catalog  # type: ignore[attr-defined]


def missing_translations() -> list[Missing]:
    """Every msgid of the editor-facing Wagtail catalogues that has no Indonesian text."""
    missing = []
    for label in EDITOR_APPS:
        app_path = Path(apps.get_app_config(label).path)
        for domain in ("django", "djangojs"):
            source = app_path / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if not source.exists():
                continue
            catalogue = _catalogue(domain, app_path)
            for entry in polib.pofile(str(source)):
                if entry.obsolete:
                    continue
                key: object = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
                if entry.msgid_plural:
                    key = (key, 0)
                if key not in catalogue:
                    missing.append(
                        Missing(
                            label, domain, entry.msgid, entry.msgctxt, entry.msgid_plural or None
                        )
                    )
    return missing
