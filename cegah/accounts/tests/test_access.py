from __future__ import annotations

from django.test import Client, override_settings

from cegah.accounts.access import agencies_with_role, has_role, is_kpk_officer, is_staff_member
from cegah.accounts.models import Membership, Role
from cegah.test import PASSWORD, Personas


def test_a_role_in_a_government_reaches_its_units(personas: Personas) -> None:
    assert has_role(personas.admin_a, Role.AGENCY_ADMIN, personas.unit_a)
    assert has_role(personas.admin_a, Role.AGENCY_ADMIN, personas.agency_a)
    assert not has_role(personas.admin_a, Role.AGENCY_ADMIN, personas.agency_b)
    assert not has_role(personas.asn_a, Role.CIVIL_SERVANT, personas.agency_a)


def test_a_person_may_hold_roles_in_several_agencies(personas: Personas) -> None:
    Membership.objects.create(user=personas.officer_b, agency=personas.agency_a, role=Role.EDITOR)
    officer = type(personas.officer_b).objects.get(pk=personas.officer_b.pk)
    assert agencies_with_role(officer, Role.EDITOR) == [personas.agency_a]
    assert agencies_with_role(officer, Role.AGENCY_ADMIN) == [personas.agency_b]


def test_inactive_memberships_grant_nothing(personas: Personas) -> None:
    Membership.objects.filter(user=personas.admin_a).update(is_active=False)
    admin = type(personas.admin_a).objects.get(pk=personas.admin_a.pk)
    assert not has_role(admin, Role.AGENCY_ADMIN)
    assert not is_staff_member(admin)


def test_who_counts_as_staff(personas: Personas) -> None:
    assert not is_staff_member(personas.citizen)
    assert not is_staff_member(personas.asn_a)
    assert is_staff_member(personas.admin_a)
    assert is_kpk_officer(personas.kpk_officer)
    assert not is_kpk_officer(personas.officer_b)


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_staff_without_totp_are_sent_to_set_it_up(client: Client, personas: Personas) -> None:
    login = client.post("/akun/login/", {"login": "admin.a@example.org", "password": PASSWORD})
    assert login.status_code == 302
    response = client.get("/akun/profil/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/2fa/totp/activate/"
    setup = client.get("/akun/2fa/totp/activate/", follow=True)
    assert setup.status_code == 200  # the set-up flow (after re-entering the password) is open
    assert setup.request["PATH_INFO"] in ("/akun/2fa/totp/activate/", "/akun/reauthenticate/")
    assert client.get("/healthz").status_code in (200, 503)


@override_settings(MFA_REQUIRED_FOR_STAFF=True)
def test_citizens_and_civil_servants_need_no_totp(client: Client, personas: Personas) -> None:
    for user in (personas.citizen, personas.asn_a):
        client.force_login(user)
        assert client.get("/akun/profil/").status_code == 200
