"""Where a feed's file comes from, as staff set it: FTP, the distributor's file API or by hand;
the API's credentials live on the distributor and show only to those who manage them."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from config import roles
from distributors.models import Feed, FeedLayout, FeedSource
from sandbox.distributors.catalog import PORTAL_CREDENTIALS
from tests.factories import DistributorFactory, UserFactory

pytestmark = pytest.mark.django_db


def staff(role: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def price_file_feed() -> Feed:
    distributor = DistributorFactory(code="pu", name="Parts Unlimited", kind="parts_unlimited",
                                     account_number="SBX100", **PORTAL_CREDENTIALS)
    return Feed.objects.create(distributor=distributor, name="price file",
                               layout=FeedLayout.PARTS_UNLIMITED, source=FeedSource.API)


def feed_page(client, feed: Feed, role: str) -> str:
    client.force_login(staff(role))
    page = client.get(reverse("admin:distributors_feed_change", args=[feed.pk]))
    assert page.status_code == 200
    return page.content.decode()


def test_technical_administrators_see_the_source_and_what_the_file_api_uses(client,
                                                                            price_file_feed):
    html = feed_page(client, price_file_feed, roles.TECHNICAL_ADMINISTRATOR)

    assert '<option value="api" selected>' in html
    assert ("POST https://dealer.parts-unlimited.com/api/quotes/v2/pricefile as dealer SBX100, "
            "portal user sandbox-buyer (password stored).") in html
    assert 'name="ftp_host"' in html


def test_operations_see_the_source_but_no_credentials_or_endpoints(client, price_file_feed):
    html = feed_page(client, price_file_feed, roles.OPERATIONS)

    assert '<option value="api" selected>' in html
    assert "sandbox-buyer" not in html
    assert "dealer.parts-unlimited.com" not in html
    assert 'name="ftp_host"' not in html
    assert 'name="ftp_password"' not in html


def test_the_portal_login_is_on_the_distributor_for_technical_administrators_only(
        client, price_file_feed):
    url = reverse("admin:distributors_distributor_change", args=[price_file_feed.distributor.pk])
    client.force_login(staff(roles.OPERATIONS))
    assert 'name="portal_password"' not in client.get(url).content.decode()
    client.force_login(staff(roles.TECHNICAL_ADMINISTRATOR))
    html = client.get(url).content.decode()
    assert 'name="portal_username"' in html
    assert 'name="portal_password"' in html
    assert PORTAL_CREDENTIALS["portal_password"] not in html  # stored, never shown


def test_the_file_api_needs_a_distributor_that_has_one_and_its_layout(db):
    automatic = Feed(distributor=DistributorFactory(kind="automatic"), name="stock",
                     layout=FeedLayout.AUTOMATIC, source=FeedSource.API)
    wrong_layout = Feed(distributor=DistributorFactory(kind="wps"), name="items",
                        layout=FeedLayout.COLUMNS, source=FeedSource.API)

    with pytest.raises(ValidationError, match="has no file API we can fetch from"):
        automatic.full_clean()
    with pytest.raises(ValidationError, match="sends the layout “Western Power Sports items"):
        wrong_layout.full_clean()


def test_the_ftp_source_needs_a_host_and_a_file(db):
    feed = Feed(distributor=DistributorFactory(kind="file"), name="stock",
                layout=FeedLayout.COLUMNS, source=FeedSource.FTP)

    with pytest.raises(ValidationError, match="needs its host and the file name"):
        feed.full_clean()
    feed.source = FeedSource.MANUAL
    feed.full_clean()


def test_switching_to_ftp_without_its_settings_is_refused_with_the_reason(client,
                                                                          price_file_feed):
    client.force_login(staff(roles.OPERATIONS))
    url = reverse("admin:distributors_feed_change", args=[price_file_feed.pk])

    answer = client.post(url, {"distributor": price_file_feed.distributor.pk,
                               "name": "price file", "layout": "parts_unlimited",
                               "column_map": "{}", "is_full": "on", "enabled": "on",
                               "source": "ftp"})

    assert answer.status_code == 200  # the form again: the FTP fields (hidden here) are empty
    assert "The FTP server needs its host and the file name" in answer.content.decode()
