"""Fake database servers on 127.0.0.1 for the live import's attack tests.

``FakeServer(behaviour)`` listens on a free port of 127.0.0.1 and serves each connection
in its own thread, recording every byte the client sent (``received``). The behaviours
are what an attacker would put behind a URL:

- ``silent``: accepts the connection and never answers;
- ``garbage``: answers like a web server, not PostgreSQL;
- ``login_then_silent``: speaks PostgreSQL's wire protocol (protocol 3.0) far enough to
  log the client in — refuses TLS, then AuthenticationOk, a few ParameterStatus messages,
  BackendKeyData, ReadyForQuery — and then never answers a query;
- ``ask_password``: asks for a clear-text password (what a server uses to collect one),
  records the answer, and refuses the login.

``stop()`` closes every socket and joins every thread; ``closed_by_client`` is set when
a client hung up (an empty read) and this side's socket is closed too;
``join_connections`` waits for every connection's thread. Only the standard library.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass, field

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
PROTOCOL_3_0 = 196608


def message(kind: bytes, payload: bytes = b"") -> bytes:
    """One backend message: its type byte, its length (with itself), its payload."""
    return kind + struct.pack("!i", len(payload) + 4) + payload


def _strings(*values: str) -> bytes:
    return b"".join(value.encode() + b"\0" for value in values)


AUTHENTICATION_OK = message(b"R", struct.pack("!i", 0))
ASK_CLEARTEXT_PASSWORD = message(b"R", struct.pack("!i", 3))
READY_FOR_QUERY = message(b"Z", b"I")
BACKEND_KEY = message(b"K", struct.pack("!ii", 4242, 171717))
PARAMETERS = b"".join(
    message(b"S", _strings(name, value))
    for name, value in (
        ("server_version", "17.0"),
        ("server_encoding", "UTF8"),
        ("client_encoding", "UTF8"),
        ("standard_conforming_strings", "on"),
        ("integer_datetimes", "on"),
        ("DateStyle", "ISO, MDY"),
    )
)
LOGIN_FAILED = message(
    b"E", _strings("SFATAL", "VFATAL", "C28P01", "Mpassword authentication failed") + b"\0"
)


@dataclass
class FakeServer:
    behaviour: str
    port: int = 0
    received: list[bytes] = field(default_factory=list)
    connections: int = 0
    closed_by_client: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        acceptor = threading.Thread(target=self._accept, name="fake-pg-accept", daemon=True)
        self._threads.append(acceptor)
        acceptor.start()

    @property
    def everything_received(self) -> bytes:
        with self._lock:
            return b"".join(self.received)

    def stop(self) -> None:
        self._stopping.set()
        with contextlib.suppress(OSError):  # wakes the thread waiting in accept()
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        for thread in self._threads:
            thread.join(10)

    def join_connections(self, timeout: float) -> None:
        """Wait until every connection so far has been served to its end."""
        for thread in self._threads[1:]:
            thread.join(timeout)

    def __enter__(self) -> FakeServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- serving --------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._sockets.append(sock)
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _read(self, sock: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                raise EOFError
            with self._lock:
                self.received.append(chunk)
            data += chunk
        return data

    def _serve(self, sock: socket.socket) -> None:
        hung_up = False
        try:
            getattr(self, f"_{self.behaviour}")(sock)
            while self._read(sock, 1):  # never answer again; wait for the client to go
                pass
        except EOFError:
            hung_up = True
        except OSError:
            pass
        with self._lock:
            if sock in self._sockets:
                self._sockets.remove(sock)
                sock.close()
        if hung_up:  # set once this side's socket is closed too
            self.closed_by_client.set()

    def _silent(self, sock: socket.socket) -> None:
        pass

    def _garbage(self, sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    def _startup(self, sock: socket.socket) -> None:
        """Read the client's startup message, refusing TLS and GSS encryption first."""
        while True:
            (length,) = struct.unpack("!i", self._read(sock, 4))
            body = self._read(sock, length - 4)
            (code,) = struct.unpack("!i", body[:4])
            if code in (SSL_REQUEST, GSSENC_REQUEST):
                sock.sendall(b"N")
                continue
            if code != PROTOCOL_3_0:
                raise EOFError
            return

    def _login_then_silent(self, sock: socket.socket) -> None:
        self._startup(sock)
        sock.sendall(AUTHENTICATION_OK + PARAMETERS + BACKEND_KEY + READY_FOR_QUERY)

    def _ask_password(self, sock: socket.socket) -> None:
        self._startup(sock)
        sock.sendall(ASK_CLEARTEXT_PASSWORD)
        kind = self._read(sock, 1)
        if kind == b"p":
            (length,) = struct.unpack("!i", self._read(sock, 4))
            self._read(sock, length - 4)
        sock.sendall(LOGIN_FAILED)
