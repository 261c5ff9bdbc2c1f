"""Secrets kept in the database, encrypted with a key derived from SECRET_KEY: the links of
queued account e-mails (until they are sent) and the TOTP secrets of allauth's MFA.

Fernet (AES-128-CBC with an HMAC-SHA256) from ``cryptography``. A database dump alone does
not reveal them; the server's SECRET_KEY does, so it is kept out of backups. Changing
SECRET_KEY makes the stored secrets unreadable: the TOTP devices must then be set up again.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

__all__ = ["InvalidToken", "decrypt_text", "encrypt_text"]


def _fernet(purpose: str) -> Fernet:
    digest = hashlib.sha256(f"idm-portal:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_text(text: str, *, purpose: str) -> str:
    """``text`` encrypted for ``purpose`` (a label that keeps two uses' keys apart)."""
    return _fernet(purpose).encrypt(text.encode()).decode("ascii")


def decrypt_text(token: str, *, purpose: str) -> str:
    """The text ``encrypt_text`` encrypted; raises InvalidToken if the key changed."""
    return _fernet(purpose).decrypt(token.encode("ascii")).decode()
