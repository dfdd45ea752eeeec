"""Who looked at or changed private data, when, and why: an append-only log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    VIEW = "view", _("Viewed")
    VIEW_IDENTITY = "view_identity", _("Viewed the reporter's identity")
    DOWNLOAD = "download", _("Downloaded")
    EXPORT = "export", _("Exported")
    CHANGE = "change", _("Changed")


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def for_object(self, obj: models.Model) -> AccessLogQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AccessLog(models.Model):
    """One access to private data (a reporter's identity, a gift report, personal data).

    Rows are only ever added, never edited or deleted through the application; the admin
    shows them read-only to superusers, and KPK officers read them through each module.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as shown)"), max_length=320)
    kind = models.CharField(_("access"), max_length=16, choices=AccessKind.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency of the object"),
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="accesslog_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.kind} {self.object_type}#{self.object_id}"
