"""A throwaway buyer: an HTTP server on loopback that records what the simulated supplier (or
a browser sent by it) posts, and answers as a buyer would (cXML Response 200)."""

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest

BUYER_ANSWER = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                b'<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd">\n'
                b'<cXML payloadID="1@buyer.example.com" timestamp="2026-03-06T10:00:00+00:00">'
                b'<Response><Status code="200" text="OK"/></Response></cXML>')


@dataclass(frozen=True)
class Received:
    path: str
    content_type: str
    body: bytes

    def form(self) -> list[tuple[str, str]]:
        return parse_qsl(self.body.decode("ascii"), keep_blank_values=True)


@dataclass
class BuyerServer:
    url: str
    received: list[Received] = field(default_factory=list)

    def wait_for(self, count: int, seconds: float = 10) -> list[Received]:
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.received)


@pytest.fixture
def buyer_server() -> Iterator[BuyerServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    buyer = BuyerServer(url=f"http://127.0.0.1:{server.server_port}/punchout/cxml/")

    class Recorder(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            buyer.received.append(Received(self.path, self.headers.get("Content-Type", ""),
                                           self.rfile.read(length)))
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(BUYER_ANSWER)))
            self.end_headers()
            self.wfile.write(BUYER_ANSWER)

        def log_message(self, *args: object) -> None:
            pass

    server.RequestHandlerClass = Recorder
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield buyer
    server.shutdown()
    server.server_close()
