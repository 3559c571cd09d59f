"""The file APIs' simulators speak as the research describes (auth, 202 then 200, one CSV in a
ZIP, the fault switches), and our clients stream what they send to disk: memory does not grow
with the file."""

import base64
import csv
import io
import tracemalloc
import zipfile

import pytest
import requests

from distributors.adapters import feed_file_client
from distributors.feeds.files import single_csv_extract
from sandbox.distributors import state
from sandbox.distributors.catalog import (
    PU_DEALER_NUMBER,
    PU_PORTAL_BASE_PATH,
    PU_PORTAL_PASSWORD,
    PU_PORTAL_USERNAME,
    WPS_TOKEN,
)
from tests.distributors.feeds.conftest import PU_FILE, WPS_FILE

pytestmark = pytest.mark.django_db(transaction=True)
PORTAL_LOGIN = base64.b64encode(
    f"{PU_DEALER_NUMBER}/{PU_PORTAL_USERNAME}:{PU_PORTAL_PASSWORD}".encode()).decode()
PRICE_FILE_REQUEST = {"dealerCodes": [PU_DEALER_NUMBER], "headersPrepended": True}


def wps_get(url: str, token: str = WPS_TOKEN) -> requests.Response:
    return requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=5)


def price_file(file_apis: str, body: dict = PRICE_FILE_REQUEST,
               login: str = PORTAL_LOGIN) -> requests.Response:
    return requests.post(f"{file_apis}/{PU_PORTAL_BASE_PATH}/quotes/v2/pricefile", json=body,
                         headers={"Authorization": f"Basic {login}"}, timeout=5)


def test_wps_answers_202_while_generating_then_the_location_of_the_file(file_apis):
    state.feed_files_configure(checks_before_ready=1)

    generating = wps_get(f"{file_apis}/wps/dealer-pricing")
    ready = wps_get(f"{file_apis}/wps/dealer-pricing")

    assert generating.status_code == 202
    assert ready.status_code == 200
    location = ready.json()["data"]["location"]
    assert location == f"{file_apis}/wps/dealer-pricing/files/dealer-pricing.csv"
    assert wps_get(location).content == WPS_FILE.read_bytes()
    assert wps_get(f"{file_apis}/wps/dealer-pricing").status_code == 200  # kept, not redone


def test_wps_refuses_the_dealer_pricing_file_without_the_token(file_apis):
    for url in ("dealer-pricing", "dealer-pricing/files/dealer-pricing.csv"):
        answer = wps_get(f"{file_apis}/wps/{url}", token="wrong")
        assert (answer.status_code, answer.json()["message"]) == (401, "Unauthenticated.")


def test_the_price_file_is_a_zip_holding_one_csv_in_the_price_file_layout(file_apis):
    answer = price_file(file_apis)

    assert (answer.status_code, answer.headers["Content-Type"]) == (200, "application/zip")
    with zipfile.ZipFile(io.BytesIO(answer.content)) as zipped:
        assert zipped.namelist() == [f"{PU_DEALER_NUMBER}_pricefile.csv"]
        assert zipped.read(zipped.namelist()[0]) == PU_FILE.read_bytes()


def test_the_price_file_without_headers_prepended_starts_with_the_first_part(file_apis):
    answer = price_file(file_apis, {**PRICE_FILE_REQUEST, "headersPrepended": False})

    with zipfile.ZipFile(io.BytesIO(answer.content)) as zipped:
        first = zipped.read(zipped.namelist()[0]).splitlines()[0]
    assert first.startswith(b"07120999,")


def test_the_portal_refuses_a_wrong_login_and_another_dealers_file(file_apis):
    wrong = base64.b64encode(f"{PU_DEALER_NUMBER}/{PU_PORTAL_USERNAME}:nope".encode()).decode()

    assert price_file(file_apis, login=wrong).status_code == 401
    assert price_file(file_apis, {**PRICE_FILE_REQUEST, "dealerCodes": ["OTHER"]}) \
        .status_code == 403


def test_the_portal_answers_429_beyond_two_price_files_a_day(file_apis):
    assert [price_file(file_apis).status_code for _ in range(3)] == [200, 200, 429]


def test_the_fault_switches_answer_500_and_429_with_retry_after(file_apis):
    state.fault_add("parts_unlimited", "500", operation="pricefile")
    state.fault_add("wps", "429", operation="dealer_pricing", seconds=7)

    assert price_file(file_apis).status_code == 500
    throttled = wps_get(f"{file_apis}/wps/dealer-pricing")
    assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "7")


def test_generated_files_keep_the_fixture_layout_with_new_part_numbers(file_apis):
    state.feed_files_configure(rows=3, checks_before_ready=0)

    location = wps_get(f"{file_apis}/wps/dealer-pricing").json()["data"]["location"]
    rows = list(csv.DictReader(io.StringIO(wps_get(location).text)))

    assert list(rows[0]) == WPS_FILE.read_text().splitlines()[0].split(",")
    assert [row["sku"] for row in rows] == ["G0000000", "G0000001", "G0000002"]


@pytest.mark.parametrize("kind", ["wps", "parts_unlimited"])
def test_a_large_file_is_downloaded_and_unpacked_in_flat_memory(file_apis, kind, tmp_path):
    client = feed_file_client(kind, base_url=f"{file_apis}/wps" if kind == "wps" else
                              f"{file_apis}/{PU_PORTAL_BASE_PATH}", api_key=WPS_TOKEN,
                              dealer_number=PU_DEALER_NUMBER, username=PU_PORTAL_USERNAME,
                              password=PU_PORTAL_PASSWORD, timeout=30)
    saved = tmp_path / "download"
    state.feed_files_configure(rows=10, checks_before_ready=0)
    client.download(saved)  # the server's first request imports what it needs: not counted
    state.feed_files_configure(rows=60_000, checks_before_ready=0)

    tracemalloc.start()
    try:
        client.download(saved)
        if kind == "parts_unlimited":
            saved = single_csv_extract(saved, tmp_path, max_bytes=1 << 30, sender="PU")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    # Holding the file would take more than twice the bound; the simulator serving it runs
    # in this process, and its buffers (the ZIP it writes) count too.
    size = saved.stat().st_size
    assert size > 10_000_000
    assert peak < 5_000_000, f"peak {peak:,} bytes for a {size:,}-byte file"


def test_the_switchboard_sets_what_the_file_apis_serve(file_apis):
    url = f"{file_apis}/_control/distributors/feed-files"
    control = {"X-Sandbox-Control": "1"}

    answer = requests.post(url, json={"rows": 5, "checks_before_ready": 0}, headers=control,
                           timeout=5)

    assert answer.json() == {"rows": 5, "checks_before_ready": 0}
    assert wps_get(f"{file_apis}/wps/dealer-pricing").status_code == 200
    assert requests.post(url, json={"rows": -1}, headers=control, timeout=5).status_code == 400
    assert requests.get(url, timeout=5).status_code == 403
