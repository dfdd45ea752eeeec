"""Organisation accounts on social platforms, their daily figures, and reach targets.

The platforms give no API for these figures to us, so they are typed in or imported from the
CSV exports the platforms' own dashboards produce (`imports.py`). A target such as "3,000,000
impressions between two dates" is followed with its progress, the pace it needs and a
projection (`targets.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X"
    YOUTUBE = "youtube", "YouTube"
    WHATSAPP_CHANNEL = "whatsapp_channel", _("WhatsApp channel")
    WEBSITE = "website", _("Website")


class Metric(models.TextChoices):
    IMPRESSIONS = "impressions", _("Impressions")
    REACH = "reach", _("Reach")
    VIEWS = "views", _("Views")
    FOLLOWERS = "followers", _("Followers")
    ENGAGEMENTS = "engagements", _("Engagements")


# Followers is a level (the count on the day); the others add up over days.
LEVEL_METRICS = frozenset({Metric.FOLLOWERS})


class Account(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="reach_accounts"
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle = models.CharField(_("account name"), max_length=100)
    url = models.URLField(_("address"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation account")
        verbose_name_plural = _("organisation accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"], name="reach_account_platform_handle"
            )
        ]
        ordering = ["agency__name", "platform", "handle"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"


class DailyMetric(models.Model):
    """One account's figures for one day; a later entry or import for the day replaces it."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"))
    impressions = models.PositiveBigIntegerField(_("impressions"), default=0)
    reach = models.PositiveBigIntegerField(_("reach"), default=0)
    views = models.PositiveBigIntegerField(_("views"), default=0)
    followers = models.PositiveBigIntegerField(_("followers"), default=0)
    engagements = models.PositiveBigIntegerField(_("engagements"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(fields=["account", "day"], name="reach_metric_account_day")
        ]
        ordering = ["account", "day"]

    def __str__(self) -> str:
        return f"{self.account} {self.day:%Y-%m-%d}"


class Target(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("measure"), max_length=20, choices=Metric.choices)
    value = models.PositiveBigIntegerField(_("target"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="reach_target_period"
            )
        ]
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.account}: {self.value:,} {self.metric} {self.starts_on}–{self.ends_on}"


class PageView(models.Model):
    """How often a public page of this site was shown on a day: no cookie, no IP address, no
    user; only the path (with its language prefix) and a count."""

    path = models.CharField(_("page"), max_length=300)
    day = models.DateField(_("day"))
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("page views")
        verbose_name_plural = _("page views")
        constraints = [
            models.UniqueConstraint(fields=["path", "day"], name="reach_pageview_path_day")
        ]
        indexes = [models.Index(fields=["day"], name="reach_pageview_day")]

    def __str__(self) -> str:
        return f"{self.path} {self.day:%Y-%m-%d}: {self.views}"
