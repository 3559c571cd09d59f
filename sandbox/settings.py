"""Settings for serving the partner simulators as their own process, the way a partner would be:

    python manage.py runserver 127.0.0.1:8001 --noreload --settings=sandbox.settings

The partners' paths are then at the root (http://127.0.0.1:8001/vendor/orders/v1/...), which is
what `.env`'s SP_API_ENDPOINT and SP_API_LWA_ENDPOINT point at.
"""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR

ROOT_URLCONF = "sandbox.urls"

# Its own database file: the simulators must never see, nor lock, the back office's data.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "var" / "sandbox.sqlite3",
        "OPTIONS": {"init_command": "PRAGMA busy_timeout = 5000;", "transaction_mode": "IMMEDIATE"},
    }
}

# python-amazon-sp-api sends `Host: endpoint[8:]`, which assumes https://; against
# http://127.0.0.1:8001 that is "27.0.0.1:8001" (and "ocalhost:8001" for localhost).
# Accepting those lets the unpatched client reach the simulator on loopback.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "27.0.0.1", "ocalhost"]
