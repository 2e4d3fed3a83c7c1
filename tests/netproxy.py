"""A fault-injecting TCP proxy for the sync tests: the client talks to the proxy, the proxy to the
real server, and the test changes the link while it runs.

Faults (all switchable at run time, from any thread):

* ``latency_s`` — one-way delay added to every chunk forwarded, each direction;
* ``rate_bps`` — a bandwidth cap in bytes per second, each direction (shared by all connections);
* ``cut_after(up=N, down=M, repeat=False)`` — forward N more bytes client→server (or M bytes
  server→client), then cut every connection with a TCP reset; ``repeat`` cuts again after every
  further N (M) bytes (a link that drops every 2 MB);
* ``mode = "reset"`` — every connection (open or new) is reset at once;
* ``mode = "blackhole"`` — connections are accepted, data is swallowed, nothing comes back;
* ``respond(raw, times=1)`` — the next ``times`` HTTP requests get ``raw`` (a whole HTTP
  response) from the proxy instead of the server (429, 401, 503 injection); open connections are
  reset first so the client's next request arrives on a new one. With ``match=b"POST /api/v1/x"``
  only requests starting with those bytes are answered so (others pass, keep-alive included);
* ``lose_reply(match, times=1)`` — a request starting with ``match`` reaches the server, which
  does the work, but its reply is cut before the first byte reaches the client (the answer lost).

``bytes_up``/``bytes_down`` count the bytes forwarded each way (``reset_counters()`` zeroes
them). Runs an asyncio loop in a daemon thread; use as a context manager or ``start()``/``stop()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal

Mode = Literal["pass", "reset", "blackhole"]
Direction = Literal["up", "down"]
CHUNK = 64 * 1024


@dataclass
class _Cut:
    budget: int
    repeat: bool
    left: int = field(init=False)

    def __post_init__(self) -> None:
        self.left = self.budget


class _Conn:
    def __init__(self, client: asyncio.StreamWriter, upstream: asyncio.StreamWriter | None) -> None:
        self.client = client
        self.writers = [w for w in (client, upstream) if w is not None]
        self.drop_reply = False

    def reset(self) -> None:
        for writer in self.writers:
            _hard_close(writer)


def _hard_close(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST (SO_LINGER 0), not a polite FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class NetProxy:
    def __init__(self, upstream_host: str, upstream_port: int, host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.host = host
        self.port = 0
        self.mode: Mode = "pass"
        self.latency_s = 0.0
        self.rate_bps: int | None = None
        self.bytes_up = 0
        self.bytes_down = 0
        self.cuts = 0  # how many times a cut_after budget cut the link
        self.connections = 0  # connections accepted so far
        self._cut: dict[Direction, _Cut | None] = {"up": None, "down": None}
        self._next_free: dict[Direction, float] = {"up": 0.0, "down": 0.0}
        self._responses: list[bytes] = []
        self._matched: list[tuple[bytes, bytes]] = []  # (request prefix, canned reply)
        self._lose: list[bytes] = []  # request prefixes whose reply is cut
        self.lost_replies = 0
        self.canned = 0
        self._conns: set[_Conn] = set()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.AbstractServer | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    # ------------------------------------------------------------------ control
    def start(self) -> NetProxy:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        self.port = future.result(timeout=10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for conn in list(self._conns):
                conn.reset()
            current = asyncio.current_task()
            tasks = [t for t in asyncio.all_tasks() if t is not current]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)

    def __enter__(self) -> NetProxy:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def set_mode(self, mode: Mode) -> None:
        self.mode = mode
        if mode == "reset":
            self.reset_all()

    def heal(self) -> None:
        """Back to a clean link: no fault of any kind."""
        self.mode = "pass"
        self.latency_s = 0.0
        self.rate_bps = None
        self._cut = {"up": None, "down": None}
        self._responses.clear()
        self._matched.clear()
        self._lose.clear()

    def cut_after(
        self, up: int | None = None, down: int | None = None, repeat: bool = False
    ) -> None:
        self._cut = {
            "up": _Cut(up, repeat) if up is not None else None,
            "down": _Cut(down, repeat) if down is not None else None,
        }

    def respond(self, raw: bytes, times: int = 1, match: bytes | None = None) -> None:
        if match is not None:
            self._matched.extend([(match, raw)] * times)
            return
        self._responses.extend([raw] * times)
        self.reset_all()

    def lose_reply(self, match: bytes, times: int = 1) -> None:
        self._lose.extend([match] * times)

    def reset_all(self) -> None:
        """Reset every open connection now (from any thread)."""

        def reset() -> None:
            for conn in list(self._conns):
                conn.reset()

        self._loop.call_soon_threadsafe(reset)

    def reset_counters(self) -> None:
        self.bytes_up = self.bytes_down = 0

    # ------------------------------------------------------------------ the loop's side
    async def _listen(self) -> int:
        self._server = await asyncio.start_server(self._handle, self.host, 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        if self.mode == "reset":
            _hard_close(writer)
            return
        if self._responses:
            await self._canned(reader, writer, self._responses.pop(0))
            return
        if self.mode == "blackhole":
            await self._swallow(reader, writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            _hard_close(writer)
            return
        conn = _Conn(writer, up_writer)
        self._conns.add(conn)
        try:
            await asyncio.gather(
                self._pipe(reader, up_writer, "up", conn),
                self._pipe(up_reader, writer, "down", conn),
            )
        finally:
            self._conns.discard(conn)
            conn.reset()

    async def _swallow(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = _Conn(writer, None)
        self._conns.add(conn)
        try:
            while await reader.read(CHUNK):
                pass
        except OSError:
            pass
        finally:
            self._conns.discard(conn)
            conn.reset()

    async def _canned(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes
    ) -> None:
        """Read one HTTP request (headers and a Content-Length body), answer ``raw``, close."""
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                name, _sep, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length:
                await reader.readexactly(length)
            writer.write(raw)
            await writer.drain()
            writer.close()
            self.canned += 1
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            _hard_close(writer)

    async def _intercept(self, data: bytes, conn: _Conn) -> bool:
        """A request the test wants answered by the proxy (True: answered, connection closed),
        or whose reply must be lost (marked, forwarded)."""
        for i, (prefix, raw) in enumerate(self._matched):
            if data.startswith(prefix):
                del self._matched[i]
                conn.client.write(raw)
                with contextlib.suppress(OSError):
                    await conn.client.drain()
                self.canned += 1
                for writer in conn.writers:
                    writer.close()
                return True
        for i, prefix in enumerate(self._lose):
            if data.startswith(prefix):
                del self._lose[i]
                conn.drop_reply = True
                break
        return False

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        direction: Direction,
        conn: _Conn,
    ) -> None:
        try:
            while True:
                data = await reader.read(self._chunk())
                if not data or not await self._forward(data, writer, direction, conn):
                    break
            if writer.can_write_eof():
                with contextlib.suppress(OSError):
                    writer.write_eof()
        except (OSError, RuntimeError):
            pass
        finally:
            if self.mode == "reset":
                conn.reset()

    async def _forward(
        self, data: bytes, writer: asyncio.StreamWriter, direction: Direction, conn: _Conn
    ) -> bool:
        """Pass one chunk through the faults; False when the connection ends here."""
        while self.mode == "blackhole":  # switched on while open: the link goes silent
            await asyncio.sleep(0.05)
        if self.mode == "reset":
            return False
        if direction == "up" and await self._intercept(data, conn):
            return False
        if direction == "down" and conn.drop_reply:
            self.lost_replies += 1
            conn.reset()
            return False
        await self._delay(direction, len(data))
        data, cut = self._spend(direction, data)
        if data:
            writer.write(data)
            await writer.drain()
            self._count(direction, len(data))
        if cut:
            self.cuts += 1
            for other in list(self._conns):
                other.reset()
            return False
        return True

    def _chunk(self) -> int:
        if self.rate_bps:
            return max(1024, min(CHUNK, self.rate_bps // 20))
        return CHUNK

    async def _delay(self, direction: Direction, size: int) -> None:
        wait = self.latency_s
        if self.rate_bps:
            now = time.monotonic()
            start = max(now, self._next_free[direction])
            self._next_free[direction] = start + size / self.rate_bps
            wait += self._next_free[direction] - now
        if wait > 0:
            await asyncio.sleep(wait)

    def _spend(self, direction: Direction, data: bytes) -> tuple[bytes, bool]:
        """The part of ``data`` still within the cut budget, and whether the link is cut now."""
        cut = self._cut[direction]
        if cut is None:
            return data, False
        if len(data) < cut.left:
            cut.left -= len(data)
            return data, False
        allowed = data[: cut.left]
        if cut.repeat:
            cut.left = cut.budget
        else:
            self._cut[direction] = None
        return allowed, True

    def _count(self, direction: Direction, size: int) -> None:
        if direction == "up":
            self.bytes_up += size
        else:
            self.bytes_down += size


def http_response(status: int, reason: str, body: bytes = b"", **headers: str) -> bytes:
    """A whole HTTP/1.1 response for :meth:`NetProxy.respond` (``Retry_After`` → ``Retry-After``)."""
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
