"""django-allauth's pages (sign in, sign up, passwords, e-mail addresses, two-factor
authentication) in the portal's sentence case: "Sign in", not allauth's "Sign In" (issue 14),
in their titles, headings, panel titles and buttons, in the three languages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from idm_portal.core.templatetags.idm import sentence_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNED_OUT = ["account_login", "account_signup", "account_reset_password"]
SIGNED_IN = ["account_change_password", "account_email", "mfa_index", "account_reauthenticate"]


def labels(html):
    """The texts of the page's title, headings and buttons."""
    found = re.findall(r"<(title|h1|h2|button|a class=\"btn[^\"]*\"[^>]*)>(.*?)</", html, re.S)
    return [re.sub(r"\s+", " ", text).strip() for _, text in found]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_account_pages_write_titles_headings_and_buttons_in_sentence_case(client, language):
    pages = {}
    with translation.override(language):
        for name in SIGNED_OUT:
            pages[name] = client.get(reverse(name)).content.decode()
        client.force_login(UserFactory())
        for name in SIGNED_IN:
            response = client.get(reverse(name))
            assert response.status_code == 200, name
            pages[name] = response.content.decode()
    title_case = [
        f"{name}: {text}"
        for name, html in pages.items()
        for text in labels(html)
        if sentence_case(text) != text
    ]
    assert not title_case, "Title Case on account pages:\n" + "\n".join(title_case)


def test_the_sign_in_page_says_sign_in_in_each_language(client):
    page = re.sub(r"\s+", " ", client.get(reverse("account_login")).content.decode())
    assert "<title> Sign in · IDM Portal</title>" in page
    assert re.search(r"<h1>\s*Sign in\s*</h1>", page)
    assert re.search(r'<button class="btn btn-primary[^>]*>\s*Sign in\s*</button>', page)
    assert "Sign In" not in page
    with translation.override("fr"):
        page = client.get(reverse("account_login")).content.decode()
    assert re.search(r"<h1>\s*Connexion\s*</h1>", page)
    with translation.override("es"):
        page = client.get(reverse("account_login")).content.decode()
    assert re.search(r"<h1>\s*Iniciar sesión\s*</h1>", page)
