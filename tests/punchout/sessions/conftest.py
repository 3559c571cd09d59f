"""What the session tests share: fixture files, a shopper, a cXML supplier and a stand-in
supplier endpoint for the answers the sandbox's simulator does not give (hostile start pages,
redirects, non-cXML)."""

import base64
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from config import roles
from punchout.models import PunchOutSession, SessionStatus
from punchout.services.sessions import token_hash
from tests.factories import CartFactory, SupplierFactory, UserFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DTD = Path(__file__).resolve().parents[3] / "sandbox/fixtures/punchout/dtd/cXML-1.2.063.dtd"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class SupplierEndpoint:
    """Answers every POST with `status` and `body`, and keeps what it was sent."""

    url: str
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def supplier_endpoint() -> Iterator[SupplierEndpoint]:
    endpoint = SupplierEndpoint(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            endpoint.received.append((dict(self.headers), self.rfile.read(length)))
            self.send_response(endpoint.status)
            for name, value in endpoint.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(endpoint.body)))
            self.end_headers()
            self.wfile.write(endpoint.body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    endpoint.url = f"http://127.0.0.1:{server.server_port}/punchout/setup"
    yield endpoint
    server.shutdown()
    server.server_close()


def shopper(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=roles.PUNCHOUT_USER))
    return user


@pytest.fixture
def cxml_supplier(supplier_endpoint):
    return SupplierFactory(
        name="Example Supplies", setup_url=supplier_endpoint.url, from_domain="NetworkId",
        from_identity="PunchoutGroupEXAMPLE0001", to_domain="NetworkId", to_identity="Amazon",
        sender_domain="NetworkId", sender_identity="PunchoutGroupEXAMPLE0001",
        shared_secret="not-a-real-secret-0000",
        allowed_hosts="supplier.example.net, .example.com")


def shopping_session(*, supplier, operation: str = "create", cart=None,
                     minutes: int = 60) -> tuple[PunchOutSession, str]:
    """A session whose user is at the supplier's site, and its return token."""
    cart = cart or CartFactory(supplier=supplier, requisitioner=shopper())
    token = secrets.token_urlsafe(32)
    session = PunchOutSession.objects.create(
        cart=cart, user=cart.requisitioner, supplier=supplier, operation=operation,
        deployment_mode=cart.deployment_mode, status=SessionStatus.SHOPPING,
        token_hash=token_hash(token), expires_at=timezone.now() + timedelta(minutes=minutes))
    return session, token


FIXTURE_COOKIE = b"b7f1e0c2-6a1d-4d3c-9a55-0c9e4d2f7a10"


def cart_form(document: bytes, *, cookie: str | None = None,
              field_name: str = "cXML-base64") -> bytes:
    """The body a supplier's page posts: the document in one browser field, its BuyerCookie
    rewritten to `cookie`."""
    if cookie is not None:
        document = document.replace(FIXTURE_COOKIE, cookie.encode())
    value = base64.b64encode(document).decode() if "base64" in field_name.lower() \
        else document.decode()
    return urlencode({field_name: value}).encode()


def fixture_form(name: str, *, cookie: str) -> bytes:
    """A form body fixture with its BuyerCookie rewritten to `cookie`."""
    ((field_name, value),) = parse_qsl(fixture_bytes(name).decode().strip())
    document = base64.b64decode(value) if "base64" in field_name.lower() else value.encode()
    return cart_form(document, cookie=cookie, field_name=field_name)
