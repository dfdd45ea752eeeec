"""A person with something of every kind the platform holds, made through the apps' actions."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cegah.accounts.models import User
from cegah.audit.actions import log_access
from cegah.audit.models import AccessKind
from cegah.campaigns.models import Participant
from cegah.campaigns.models import Status as CampaignStatus
from cegah.campaigns.tests.factories import make_campaign
from cegah.complaints.models import Complaint
from cegah.complaints.tests.factories import submit
from cegah.forum.models import Post
from cegah.forum.tests.factories import klaten_thread
from cegah.gratification.models import GratificationReport
from cegah.gratification.tests.factories import submitted_reports
from cegah.test import PASSWORD, Personas


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def complaint_by(user: User, **values: Any) -> Complaint:
    """A complaint filed while signed in, with the reporter's identity."""
    return submit(
        actor=user,
        reporter_name="Sri Rahayu",
        reporter_email="sri.rahayu@example.org",
        reporter_phone="081234567890",
        **values,
    )


def gift_report_by(user: User, p: Personas) -> GratificationReport:
    (report,) = submitted_reports(user, p.unit_a, 1)
    return report


def participation_of(user: User, p: Personas, **campaign: Any) -> Participant:
    running = make_campaign(
        p.admin_a, p.agency_a, [p.agency_a], status=CampaignStatus.FINISHED, **campaign
    )
    return Participant.objects.create(
        campaign=running,
        agency=p.unit_a,
        user=user,
        name="Sri Rahayu",
        nip="198805122015032004",
        phone="+6281234567890",
        email="sri.rahayu@example.org",
        telegram_chat_id="5550001",
    )


def forum_post_by(user: User, p: Personas) -> Post:
    _thread, post = klaten_thread(p, user)
    return post


def viewed_by_officer(p: Personas, complaint: Complaint) -> None:
    log_access(
        actor=p.kpk_officer,
        obj=complaint,
        kind=AccessKind.VIEW_IDENTITY,
        agency=p.agency_a,
        reason="verification",
    )
