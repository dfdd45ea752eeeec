"""Indonesian for Wagtail's and wagtail-localize's editorial interface, where their own
catalogues have no translation (issue 12, item 11).

This app holds only `locale/id/LC_MESSAGES/django.po`: the msgids Wagtail shows an editor that
its `id_ID` catalogue leaves in English. It is listed before Wagtail in INSTALLED_APPS, and
Django merges every app's catalogue, so these fill the gaps. The JavaScript strings live in
the project's `locale/id/LC_MESSAGES/djangojs.po` (Django's JavaScript catalogue reads only the
named packages and LOCALE_PATHS).

Keep this app free of gettext calls: `makemessages --no-obsolete` would otherwise write a
catalogue here from them and drop every Wagtail entry it cannot find in our code.
`cegah/portal/tests/test_cms_editing.py` fails when a Wagtail upgrade brings a string
neither catalogue translates; `manage.py cms_catalogue_gaps` lists them.
"""

from __future__ import annotations

from django.apps import AppConfig


class WagtailIdConfig(AppConfig):
    name = "cegah.wagtail_id"
    label = "wagtail_id"
    verbose_name = "Wagtail in Indonesian"
