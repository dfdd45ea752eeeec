"""The access log (and, for KPK, the list of personal-data requests) in the workspace of
KPK officers and inspectorate auditors. No query: the roles are already read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cegah.accounts.access import is_kpk_officer
from cegah.core.workspace import Entry, Link, register
from cegah.privacy.access import may_read_access_log

if TYPE_CHECKING:
    from cegah.accounts.models import User


@register(160)
def access_log(user: User) -> Iterator[Entry]:
    if not may_read_access_log(user):
        return
    kpk = is_kpk_officer(user)
    yield Entry(
        key="privacy-access-log",
        label=_("Access log"),
        description=_("Who viewed, downloaded or exported private data.")
        if kpk
        else _("Who viewed, downloaded or exported private data of your agency."),
        url=reverse("privacy:access_log"),
        links=(Link(_("Personal data requests"), reverse("privacy:requests")),) if kpk else (),
    )
