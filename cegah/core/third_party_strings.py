"""Strings that Django and Wagtail show to our users but whose own Indonesian catalogues lack.

The project catalogue (`locale/id/`, first in LOCALE_PATHS) translates them. Marking them here
with `gettext_noop` keeps them in that catalogue: `makemessages --no-obsolete` (run by CI before
`compile_translations.py --check`) drops every entry it does not find in the project's code, and
the translation would silently vanish. `cegah/core/tests/test_language.py` checks that each one
renders in Indonesian, so when a library update adds a string that reaches a page it goes here.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = (
    # Django 6.1's empty choice of a select (`BLANK_CHOICE_LABEL`), also Wagtail's ChoiceBlock.
    gettext_noop("- Select an option -"),
    # Django's get_object_or_404 message, which the API and error pages may pass on.
    gettext_noop("No %s matches the given query."),
)
