from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from cegah.audit.actions import log_access
from cegah.audit.models import AccessKind, AccessLog
from cegah.test import Personas


def test_every_access_is_a_row_naming_who_what_and_whose(personas: Personas) -> None:
    log_access(
        actor=personas.admin_a,
        obj=personas.asn_a,
        kind=AccessKind.VIEW_IDENTITY,
        agency=personas.agency_a,
        reason="verifying a report",
    )
    log_access(actor=AnonymousUser(), obj=personas.asn_a)
    rows = list(AccessLog.objects.for_object(personas.asn_a).order_by("pk"))
    assert [(r.actor_label, r.kind, r.agency_id) for r in rows] == [
        ("admin.a@example.org", "view_identity", personas.agency_a.pk),
        ("anonymous", "view", None),
    ]
    assert rows[0].object_type == "accounts.user"
    assert rows[0].reason == "verifying a report"
