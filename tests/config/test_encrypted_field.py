import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.urls import reverse

from config.encryption import secrets_reencrypt
from config.fields import MASK
from distributors.models import Distributor
from tests.factories import DistributorFactory

pytestmark = pytest.mark.django_db
SECRET = "wps-token-1234567890"


def stored_value(distributor: Distributor) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT api_key FROM distributors_distributor WHERE id = %s",
                       [distributor.pk])
        return cursor.fetchone()[0]


def test_secret_is_stored_encrypted_and_read_back_in_plain():
    distributor = DistributorFactory(api_key=SECRET)
    assert SECRET not in stored_value(distributor)
    assert Distributor.objects.get(pk=distributor.pk).api_key == SECRET


def test_empty_secret_stays_empty():
    distributor = DistributorFactory(api_key="")
    assert stored_value(distributor) == ""


def test_rotation_reencrypts_with_the_first_key(settings):
    old_key = Fernet.generate_key().decode()
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = [old_key]
    distributor = DistributorFactory(api_key=SECRET)
    settings.FIELD_ENCRYPTION_KEY = [new_key, old_key]
    assert Distributor.objects.get(pk=distributor.pk).api_key == SECRET

    assert secrets_reencrypt() >= 1

    settings.FIELD_ENCRYPTION_KEY = [new_key]
    assert Fernet(new_key.encode()).decrypt(stored_value(distributor).encode()) == SECRET.encode()
    assert Distributor.objects.get(pk=distributor.pk).api_key == SECRET


def test_admin_never_echoes_the_secret(admin_client):
    distributor = DistributorFactory(api_key=SECRET)
    page = admin_client.get(reverse("admin:distributors_distributor_change",
                                    args=[distributor.pk])).content.decode()
    assert SECRET not in page
    assert MASK in page


def test_admin_blank_secret_keeps_the_stored_one(admin_client):
    distributor = DistributorFactory(api_key=SECRET)
    url = reverse("admin:distributors_distributor_change", args=[distributor.pk])
    response = admin_client.post(url, {
        "code": distributor.code, "name": "Renamed", "kind": distributor.kind,
        "dropship_fee": "0", "enabled": "on", "api_key": "", "account_number": "D-1",
        "warehouses-TOTAL_FORMS": "0", "warehouses-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    distributor.refresh_from_db()
    assert (distributor.name, distributor.api_key) == ("Renamed", SECRET)
