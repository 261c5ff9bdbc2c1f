"""Accounts: MFA for the Secretariat, and one guarded log-in for the portal and the admin
(issue 12, item 1)."""

from allauth.mfa.models import Authenticator
from django.urls import reverse

from idm_portal.core.middleware import SESSION_KEY
from tests.factories import PASSWORD, TOTP_SECRET, SecretariatFactory, UserFactory, totp_code

SET_UP_MESSAGE = "Your account can open Secretariat pages: set up two-factor authentication"


def sign_in(client, email, password=PASSWORD, next_url=None):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def test_the_admin_login_page_sends_visitors_to_the_portal_login(client):
    response = client.get(reverse("admin:login") + "?next=/en/admin/core/user/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fen%2Fadmin%2Fcore%2Fuser%2F"


def test_the_admin_login_form_takes_no_password(client, secretariat):
    """There is no second log-in form: a password posted to the admin's log-in page signs
    nobody in."""
    response = client.post(
        reverse("admin:login"), {"username": secretariat.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))


def test_the_admin_login_locks_like_the_portal_login(client, db):
    """Five wrong passwords, then the right one is refused too (allauth's rate limit on the
    one log-in form the admin's log-in page leads to)."""
    officer = SecretariatFactory(email="officer@example.org")
    login_url = client.get(reverse("admin:login") + "?next=/en/admin/")["Location"]
    for _attempt in range(5):
        response = client.post(login_url, {"login": officer.email, "password": "wrong"})
        assert "The email address and/or password you specified are not correct." in (
            response.content.decode()
        )
    response = client.post(login_url, {"login": officer.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))


def test_a_signed_in_user_without_the_admin_gets_403_not_a_second_form(client, delegate):
    client.force_login(delegate)
    assert client.get(reverse("admin:login")).status_code == 403


def test_login_with_totp_asks_for_the_code_before_the_admin_opens(client, db):
    officer = SecretariatFactory(email="officer@example.org")
    response = sign_in(client, officer.email, next_url="/en/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Two-Factor Authentication" in page
    assert 'name="code"' in page
    # Not signed in yet: the admin still sends to the log-in.
    assert client.get(reverse("admin:index")).status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Incorrect code." in wrong.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"
    admin_index = client.get("/en/admin/")
    assert admin_index.status_code == 200
    assert "IDM Portal administration" in admin_index.content.decode()


def test_a_secretariat_member_without_mfa_is_sent_to_set_it_up(client, db):
    officer = SecretariatFactory(email="officer@example.org", totp=False)
    response = sign_in(client, officer.email)
    assert response.status_code == 302
    for url in (reverse("core:outbox"), reverse("admin:index"), reverse("core:roles"), "/en/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_index"), url
    page = client.get(reverse("mfa_index")).content.decode()
    assert SET_UP_MESSAGE in page
    assert "Authenticator app" in page  # allauth's heading, in sentence case


def test_staff_without_mfa_is_sent_to_set_it_up_too(client, db):
    staff = UserFactory(email="staff@example.org", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_index")


def test_a_delegate_needs_no_mfa(client, delegate):
    client.force_login(delegate)
    assert client.get(reverse("core:profile")).status_code == 200
    assert client.session[SESSION_KEY] is True


def test_setting_up_totp_opens_the_secretariat_pages(client, db):
    officer = SecretariatFactory(email="officer@example.org", totp=False)
    sign_in(client, officer.email)
    # allauth asks for the password again before a second factor is added.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "Activate authenticator app" in page
    secret = client.session["mfa.totp.secret"]
    assert secret in page  # the key shown beside the QR code, to type in by hand
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=officer, type="totp").count() == 1
    outbox = client.get(reverse("core:outbox"))
    assert outbox.status_code == 200
    assert "E-mail outbox" in outbox.content.decode()


def test_the_totp_secret_is_stored_encrypted(db):
    officer = SecretariatFactory()
    stored = Authenticator.objects.get(user=officer, type="totp").data["secret"]
    assert TOTP_SECRET not in stored
    assert len(stored) > 60  # a Fernet token


def test_a_secretariat_member_cannot_remove_their_last_second_factor(client, db):
    from allauth.mfa.adapter import get_adapter

    officer = SecretariatFactory()
    device = Authenticator.objects.get(user=officer, type="totp")
    assert not get_adapter().can_delete_authenticator(device)
    delegate = UserFactory()
    from allauth.mfa.totp.internal.auth import TOTP

    own = TOTP.activate(delegate, TOTP_SECRET).instance
    assert get_adapter().can_delete_authenticator(own)


def test_removing_the_last_security_key_sends_to_set_up_mfa_again(client, db):
    """The session remembers MFA; removing the last second factor makes it look again."""
    from allauth.mfa.signals import authenticator_removed

    officer = SecretariatFactory(email="officer@example.org")
    client.force_login(officer)
    assert client.get(reverse("core:outbox")).status_code == 200
    device = Authenticator.objects.get(user=officer)
    device.delete()
    request = client.get(reverse("mfa_index")).wsgi_request
    authenticator_removed.send(
        sender=Authenticator, request=request, user=officer, authenticator=device
    )
    request.session.save()
    assert client.get(reverse("core:outbox"))["Location"] == reverse("mfa_index")


def test_a_security_key_can_be_added_instead(client, db):
    """The WebAuthn page opens (the browser's part, the key itself, is outside the test)."""
    officer = SecretariatFactory(email="officer@example.org", totp=False)
    sign_in(client, officer.email)
    response = client.get(reverse("mfa_add_webauthn"))
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_add_webauthn")).content.decode()
    assert "Add security key" in page
    assert 'name="name"' in page
