"""Channels in the admin: operations staff see folders and polling, never hosts or secrets."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from config import roles
from edi.models import SftpChannel
from tests.factories import UserFactory

HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"


def user_in(role: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def channel(x12_partner):
    return SftpChannel.objects.create(partner=x12_partner, host="sftp.partner.example",
                                      username="vendor", password="sftp-secret-77",
                                      host_key=HOST_KEY, last_error="Connection refused")


def test_operations_see_the_channel_state_without_its_endpoint_or_secrets(client, channel):
    client.force_login(user_in(roles.OPERATIONS))
    html = client.get(reverse("admin:edi_sftpchannel_change", args=[channel.pk])) \
        .content.decode()
    assert "Connection refused" in html
    assert "outbound" in html
    for secret in ("sftp.partner.example", "sftp-secret-77", "AAAAC3Nza"):
        assert secret not in html


def test_technical_administrators_see_the_endpoint_but_never_the_password(client, channel):
    client.force_login(user_in(roles.TECHNICAL_ADMINISTRATOR))
    html = client.get(reverse("admin:edi_sftpchannel_change", args=[channel.pk])) \
        .content.decode()
    assert "sftp.partner.example" in html
    assert "AAAAC3Nza" in html
    assert "sftp-secret-77" not in html
