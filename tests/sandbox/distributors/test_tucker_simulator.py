import pytest
import requests

from sandbox.distributors.catalog import TUCKER_API_KEY, TUCKER_CUSTOMER_NUMBER

pytestmark = pytest.mark.django_db(transaction=True)
CREDENTIALS = [("apikey", TUCKER_API_KEY), ("cust", TUCKER_CUSTOMER_NUMBER), ("output", "JSON")]
ORDER = [("type", "ORD"), ("po", "PO-1"), ("name", "Jane Rider"), ("address1", "12 Main St"),
         ("city", "Boise"), ("state", "ID"), ("zip", "83702"), ("allowduplicatepo", "NO"),
         ("carrier", "UG"), ("line", "1012345,1")]


def trws(sandbox_url: str, params: list[tuple[str, str]]) -> requests.Response:
    return requests.get(f"{sandbox_url}/tucker/bin/trws", params=params, timeout=5)


def test_a_wrong_key_is_answered_401_in_the_types_envelope(sandbox_url):
    answer = trws(sandbox_url, [("apikey", "wrong"), ("cust", TUCKER_CUSTOMER_NUMBER),
                                ("output", "JSON"), ("type", "INV"), ("item", "1012345")])

    assert answer.status_code == 401
    assert answer.json() == {"INV": {"status": "FAILED",
                                     "errormsg": "Invalid API key or customer number."}}


def test_inventory_shows_nine_for_nine_or_more(sandbox_url):
    answer = trws(sandbox_url, [*CREDENTIALS, ("type", "INV"), ("item", "1012345")]).json()

    assert answer["INV"]["status"] == "SUCCESSFUL"
    assert answer["INV"]["item"][0]["dc"][0] == {"dcname": "FORT WORTH", "dcinv": 9}


def test_an_order_gets_an_order_number_then_ships(sandbox_url):
    placed = trws(sandbox_url, [*CREDENTIALS, *ORDER]).json()["ORD"]
    number = placed["orderoutput"]["ordernum"]

    lookups = [trws(sandbox_url, [*CREDENTIALS, ("type", "SHP"), ("ordernum", number)]).json()
               for _ in range(2)]

    assert placed["status"] == "SUCCESSFUL"
    assert lookups[0]["SHP"]["shipment"][0]["shipmentline"] == []
    tracking = lookups[1]["SHP"]["shipment"][0]["shipmentline"][0]["trackingnumbers"][0]
    assert tracking["trackingnum"].startswith("1Z")


def test_a_duplicate_po_is_refused_when_duplicates_are_not_allowed(sandbox_url):
    trws(sandbox_url, [*CREDENTIALS, *ORDER])

    again = trws(sandbox_url, [*CREDENTIALS, *ORDER]).json()["ORD"]

    assert again["status"] == "FAILED"
    assert again["errormsg"].startswith("Duplicate PO number PO-1")


def test_submit_no_validates_without_placing(sandbox_url):
    answer = trws(sandbox_url, [*CREDENTIALS, *ORDER, ("submit", "NO")]).json()["ORD"]

    assert answer["orderoutput"]["ordernum"] == ""
    assert trws(sandbox_url, [*CREDENTIALS, *ORDER]).json()["ORD"]["status"] == "SUCCESSFUL"


@pytest.mark.parametrize(("change", "message"), [
    (("state", "Idaho"), "Invalid state 'Idaho': use the two-letter code."),
    (("invoiceNote", "n" * 56), "invoiceNote may not exceed 55 characters."),
    (("carrier", "ZZ"), "Invalid carrier code 'ZZ'."),
])
def test_order_parameters_are_checked(sandbox_url, change, message):
    params = [(key, value) for key, value in ORDER if key != change[0]] + [change]

    answer = trws(sandbox_url, [*CREDENTIALS, *params]).json()["ORD"]

    assert (answer["status"], answer["errormsg"]) == ("FAILED", message)
