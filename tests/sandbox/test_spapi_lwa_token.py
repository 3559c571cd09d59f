"""The sandbox's Login with Amazon token endpoint."""

import pytest
import requests
from sp_api.auth.exceptions import AuthorizationError

from sandbox.spapi.tokens import REVOKED_REFRESH_TOKEN
from tests.sandbox.spapi_client import SANDBOX_CREDENTIALS, vendor_orders_client

REFRESH_GRANT = {
    "grant_type": "refresh_token",
    "refresh_token": "Atzr|demo",
    "client_id": "amzn1.application-oa2-client.demo",
    "client_secret": "demo-secret",
}


def request_token(sandbox_url: str, form: dict) -> requests.Response:
    return requests.post(f"{sandbox_url}/auth/o2/token", data=form, timeout=10)


def test_refresh_grant_issues_bearer_token_for_an_hour(sandbox_url):
    response = request_token(sandbox_url, REFRESH_GRANT)

    assert response.status_code == 200
    token = response.json()
    assert token["access_token"].startswith("Atza|")
    assert (token["token_type"], token["expires_in"]) == ("bearer", 3600)
    assert token["refresh_token"] == "Atzr|demo"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"grant_type": None}, "invalid_request"),
        ({"refresh_token": ""}, "invalid_request"),
        ({"client_secret": None}, "invalid_request"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({"refresh_token": REVOKED_REFRESH_TOKEN}, "invalid_grant"),
    ],
)
def test_bad_token_request_is_answered_as_lwa_does(sandbox_url, change, error):
    form = {key: value for key, value in {**REFRESH_GRANT, **change}.items() if value is not None}

    response = request_token(sandbox_url, form)

    assert response.status_code == 400
    assert response.json()["error"] == error
    assert response.json()["error_description"]


def test_client_surfaces_revoked_refresh_token_as_authorization_error(sandbox_url):
    credentials = {**SANDBOX_CREDENTIALS, "refresh_token": REVOKED_REFRESH_TOKEN}
    client = vendor_orders_client(sandbox_url, credentials)

    with pytest.raises(AuthorizationError) as refused:
        client.get_purchase_orders()

    assert (refused.value.status_code, refused.value.error_code) == (400, "invalid_grant")
