"""Access tokens the sandbox issues verify without storage and expire after an hour."""

import time

from sandbox.spapi.tokens import TOKEN_LIFETIME_SECONDS, access_token_is_valid, access_token_issue


def test_issued_token_is_valid_until_it_expires():
    issued_at = time.time()
    token = access_token_issue(now=issued_at)

    assert access_token_is_valid(token, now=issued_at + TOKEN_LIFETIME_SECONDS - 1)
    assert not access_token_is_valid(token, now=issued_at + TOKEN_LIFETIME_SECONDS)


def test_tampered_token_is_not_valid():
    claims_and_timestamp, _signature = access_token_issue().rsplit(":", 1)

    assert not access_token_is_valid(f"{claims_and_timestamp}:{'A' * 43}")


def test_token_without_lwa_prefix_is_not_valid():
    assert not access_token_is_valid(access_token_issue().removeprefix("Atza|"))
