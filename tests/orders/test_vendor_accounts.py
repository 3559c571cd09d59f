import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from orders.models import VendorAccount

pytestmark = pytest.mark.django_db
ARGS = ["ABCDE", "--selling-party", "ABCDE", "--marketplace", "DE", "--lwa-app-id",
        "amzn1.application-oa2-client.x", "--lwa-client-secret", "s3cret",
        "--refresh-token", "Atzr|token"]


def test_adding_an_account_twice_keeps_one_with_the_latest_values(capsys):
    call_command("vc_account_add", *ARGS)
    call_command("vc_account_add", *ARGS[:-1], "Atzr|rotated")
    account = VendorAccount.objects.get()
    assert (account.code, account.marketplace, account.refresh_token) == ("ABCDE", "DE",
                                                                          "Atzr|rotated")
    out = capsys.readouterr().out
    assert "vendor account ABCDE added" in out
    assert "vendor account ABCDE updated" in out


def test_secrets_are_stored_encrypted():
    call_command("vc_account_add", *ARGS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT lwa_client_secret, refresh_token FROM orders_vendoraccount")
        stored = cursor.fetchone()
    assert "s3cret" not in stored[0]
    assert "Atzr|token" not in stored[1]


def test_an_unknown_marketplace_is_refused():
    with pytest.raises(CommandError, match="invalid choice: 'XX'"):
        call_command("vc_account_add", *ARGS[:4], "XX", *ARGS[5:])
