"""The fault-injecting proxy itself, against a plain HTTP server on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.netproxy import NetProxy, http_response

BODY = b"x" * 200_000


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def do_POST(self) -> None:
        size = int(self.headers["Content-Length"])
        self.rfile.read(size)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[NetProxy]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with NetProxy("127.0.0.1", server.server_address[1]) as running:
        yield running
    server.shutdown()
    server.server_close()


def test_passes_and_counts(proxy: NetProxy) -> None:
    reply = httpx.get(proxy.url + "/")
    assert reply.content == BODY
    deadline = time.monotonic() + 5  # the proxy counts a chunk after forwarding it
    while proxy.bytes_down <= len(BODY) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proxy.bytes_down > len(BODY)
    assert proxy.bytes_up > 0
    proxy.reset_counters()
    assert httpx.post(proxy.url + "/", content=b"y" * 50_000).content == b"ok"
    assert proxy.bytes_up > 50_000


def test_cut_after_n_bytes_down(proxy: NetProxy) -> None:
    proxy.cut_after(down=10_000)
    with pytest.raises(httpx.TransportError):
        httpx.get(proxy.url + "/")
    assert proxy.cuts == 1
    assert proxy.bytes_down == 10_000
    assert httpx.get(proxy.url + "/").content == BODY  # a one-off cut


def test_cut_after_n_bytes_up_repeats(proxy: NetProxy) -> None:
    proxy.cut_after(up=20_000, repeat=True)
    for _ in range(2):
        with pytest.raises(httpx.TransportError):
            httpx.post(proxy.url + "/", content=b"y" * 50_000)
    assert proxy.cuts == 2


def test_reset_and_blackhole(proxy: NetProxy) -> None:
    proxy.set_mode("reset")
    with pytest.raises(httpx.TransportError):
        httpx.get(proxy.url + "/")
    proxy.set_mode("blackhole")
    with pytest.raises(httpx.TimeoutException):
        httpx.get(proxy.url + "/", timeout=0.5)
    proxy.heal()
    assert httpx.get(proxy.url + "/").status_code == 200


def test_bandwidth_cap_and_latency(proxy: NetProxy) -> None:
    proxy.rate_bps = 400_000
    with httpx.Client() as client:
        elapsed = client.get(proxy.url + "/").elapsed.total_seconds()
    assert elapsed >= 0.4
    proxy.heal()
    proxy.latency_s = 0.2
    assert httpx.get(proxy.url + "/").elapsed.total_seconds() >= 0.2


def test_canned_response(proxy: NetProxy) -> None:
    proxy.respond(http_response(429, "Too Many Requests", Retry_After="1"), times=1)
    reply = httpx.post(proxy.url + "/", content=b"abc")
    assert reply.status_code == 429
    assert reply.headers["retry-after"] == "1"
    assert httpx.get(proxy.url + "/").status_code == 200


def test_matched_canned_response_and_lost_reply(proxy: NetProxy) -> None:
    with httpx.Client() as client:
        assert client.get(proxy.url + "/").status_code == 200  # a kept-alive connection
        proxy.respond(http_response(401, "Unauthorized"), match=b"POST /")
        assert client.get(proxy.url + "/").status_code == 200
        assert client.post(proxy.url + "/", content=b"abc").status_code == 401
        assert client.post(proxy.url + "/", content=b"abc").status_code == 200
        proxy.lose_reply(b"POST /")
        with pytest.raises(httpx.TransportError):
            client.post(proxy.url + "/", content=b"abc")
        assert proxy.lost_replies == 1
        assert client.get(proxy.url + "/").status_code == 200
