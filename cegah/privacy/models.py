"""A person's requests about their personal data under UU 27/2022 (PDP)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    EXPORT = "export", _("Export of personal data")
    ERASURE = "erasure", _("Erasure of personal data")


class RequestStatus(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    # Refused when the law requires the data to stay for now (a gift report KPK is still
    # handling) or the person still holds a staff role; the reason is stored for the person.
    REFUSED = "refused", _("Refused")


class PrivacyRequest(models.Model):
    """One export or erasure a person asked for about themselves (Pasal 7 and 8 UU 27/2022).

    The row holds what was asked, when, how it ended and how many records of each kind it
    touched: never the data itself, so KPK officers may list the requests without seeing
    their contents. An erased person's row points at their emptied account.
    """

    kind = models.CharField(_("request"), max_length=16, choices=RequestKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("requested"), db_index=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Records touched per kind ("complaints": 2): counts only, never contents.
    counts = models.JSONField(_("records"), default=dict, blank=True)
    reason = models.CharField(_("reason for refusing"), max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.status}"
