"""Login with Amazon's token endpoint, as far as a refresh_token grant goes.

Access tokens are signed by the sandbox itself (Django's signing with the sandbox's salt), so
they verify without any storage: a token is valid when its signature holds and it has not
expired.
"""

import secrets
import time
from collections.abc import Mapping

from django.core import signing

TOKEN_PREFIX = "Atza|"
TOKEN_SALT = "sandbox.spapi.lwa-access-token"
TOKEN_LIFETIME_SECONDS = 3600
# A refresh token the vendor has revoked, so that the demo can show LWA's invalid_grant.
REVOKED_REFRESH_TOKEN = "Atzr|revoked"
REQUIRED_PARAMETERS = ("grant_type", "refresh_token", "client_id", "client_secret")


class TokenRequestRejected(Exception):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


def access_token_grant(form: Mapping[str, str], *, now: float | None = None) -> dict:
    """LWA's answer to a refresh_token grant; raises TokenRequestRejected as LWA would."""
    _check_token_request(form)
    return {
        "access_token": access_token_issue(now=now),
        "token_type": "bearer",
        "expires_in": TOKEN_LIFETIME_SECONDS,
        "refresh_token": form["refresh_token"],
    }


def access_token_issue(*, now: float | None = None) -> str:
    expires_at = (time.time() if now is None else now) + TOKEN_LIFETIME_SECONDS
    claims = {"exp": int(expires_at), "jti": secrets.token_urlsafe(12)}
    return TOKEN_PREFIX + signing.dumps(claims, salt=TOKEN_SALT)


def access_token_is_valid(token: str, *, now: float | None = None) -> bool:
    if not token.startswith(TOKEN_PREFIX):
        return False
    try:
        claims = signing.loads(token.removeprefix(TOKEN_PREFIX), salt=TOKEN_SALT)
    except signing.BadSignature:
        return False
    return claims.get("exp", 0) > (time.time() if now is None else now)


def _check_token_request(form: Mapping[str, str]) -> None:
    grant_type = form.get("grant_type")
    if grant_type and grant_type != "refresh_token":
        raise TokenRequestRejected(
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server",
        )
    missing = next((name for name in REQUIRED_PARAMETERS if not form.get(name)), None)
    if missing:
        raise TokenRequestRejected(
            "invalid_request", f"The request is missing a required parameter : {missing}"
        )
    if form["refresh_token"] == REVOKED_REFRESH_TOKEN:
        raise TokenRequestRejected(
            "invalid_grant", "The request has an invalid grant parameter : refresh_token"
        )
