"""What every adapter shares: choosing the adapter, unreachable distributors, fitting text,
reading carriers and dates."""

import socket
from datetime import UTC, datetime

import pytest

from distributors.adapters import DistributorUnavailable, adapter_for
from distributors.adapters.text import ascii_text, clipped
from distributors.adapters.tracking import carrier_for, shipped_date
from distributors.adapters.tucker import TuckerAdapter
from distributors.adapters.wps import WpsAdapter


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_the_kind_chooses_the_adapter_and_an_empty_address_means_the_distributors_own():
    wps = adapter_for("wps", base_url="", api_key="token")

    assert isinstance(wps, WpsAdapter)
    assert wps.http.base_url == "https://api.wps-inc.com"
    assert isinstance(adapter_for("tucker", base_url="", api_key="k", account_number="1"),
                      TuckerAdapter)


@pytest.mark.parametrize(("kind", "api_key", "message"), [
    ("file", "key", "have no API adapter"),
    ("wps", "", "No API key"),
])
def test_a_kind_without_an_api_or_a_missing_key_is_refused(kind, api_key, message):
    with pytest.raises(ValueError, match=message):
        adapter_for(kind, base_url="http://127.0.0.1:9", api_key=api_key)


def test_an_unreachable_distributor_is_unavailable_without_the_key_in_the_message():
    tucker = adapter_for("tucker", base_url=closed_port_url(), api_key="SECRET-KEY-123",
                         account_number="555100", retry_base_seconds=0.001)

    with pytest.raises(DistributorUnavailable, match="could not be reached") as unavailable:
        tucker.check(["101-2345"])

    assert "SECRET-KEY-123" not in str(unavailable.value)
    assert not unavailable.value.outcome_unknown


def test_text_is_made_ascii_and_clipped_between_words():
    assert ascii_text("  Zoë  Łukasz Straße\t№ 5 ") == "Zoe Lukasz Strasse No 5"
    assert clipped("Rancho Santa Margarita", 17) == "Rancho Santa"
    assert clipped("Supercalifragilisticexpialidocious", 17) == "Supercalifragilis"


@pytest.mark.parametrize(("code", "tracking", "carrier"), [
    ("BEST", "1ZSBXWPS0300000001", "UPS"),
    ("BEST", "9400111899223456789012", "USPS"),
    ("FE2D", "123456789012", "FedEx"),
    ("CO5", "C12345678901234", "OnTrac"),
    ("UG", "anything", "UPS"),
    ("XYZ", "unknown-format", "XYZ"),
])
def test_the_carrier_comes_from_the_code_or_else_the_tracking_number(code, tracking, carrier):
    assert carrier_for(code, tracking) == carrier


@pytest.mark.parametrize("text", ["2026-06-03", "20260603", "06/03/2026", "06/03/26",
                                  "2026-06-03T00:00:00Z"])
def test_ship_dates_in_each_distributors_format_read_as_utc(text):
    assert shipped_date(text) == datetime(2026, 6, 3, tzinfo=UTC)


def test_a_missing_or_unreadable_ship_date_is_none():
    assert shipped_date("") is None
    assert shipped_date("next week") is None
