"""People and the roles they hold in agencies."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cegah.lib.encryption import EncryptedCharField


class Role(models.TextChoices):
    """What a person may do in one agency. A citizen is any account without a membership."""

    CIVIL_SERVANT = "civil_servant", _("Civil servant (ASN)")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    GRATIFICATION_OFFICER = "gratification_officer", _("Gratification unit (UPG) officer")
    COMPLAINT_HANDLER = "complaint_handler", _("Complaint handler")
    EDITOR = "editor", _("Editor")
    KPK_OFFICER = "kpk_officer", _("KPK officer")
    VERIFIER = "verifier", _("Complaint verifier (KPK)")
    MODERATOR = "moderator", _("Moderator")
    FACT_CHECKER = "fact_checker", _("Fact-checker")
    CAMPAIGN_MANAGER = "campaign_manager", _("Campaign manager")
    # The agency's inspectorate (inspektorat): reads who accessed the agency's private data.
    INSPECTOR = "inspector", _("Inspectorate auditor")


# Roles whose holders see other people's data: they must use MFA in production.
STAFF_ROLES = frozenset(Role) - {Role.CIVIL_SERVANT}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account; signs in with an email address."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = EncryptedCharField(_("phone number"), max_length=20, blank=True)
    nip = models.CharField(
        _("civil servant number (NIP)"), max_length=18, blank=True, null=True, unique=True
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home region"),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )
    is_staff = models.BooleanField(_("site administrator"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, agency__is_active=True)


class Membership(models.Model):
    """One role a person holds in one agency; a person may hold several, in several agencies."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            )
        ]
        ordering = ["agency__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency}"
