"""A small SMTP server run by the test, which keeps every message it accepts.

It can refuse recipients, hang up before answering, or SIGKILL a process (a
Celery worker sending to it) at the moment a message starts or is accepted.
The `smtp_sink` fixture (registered in tests/conftest.py) starts one per test.
"""

import contextlib
import email.message
import os
import signal
import socketserver
import threading
from collections import Counter
from collections.abc import Iterator

import pytest

# The header naming the notification row a message was sent for (notifications/delivery/email.py).
HEADER = "X-Secondments-Notification"


class _SmtpHandler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: bytes) -> None:
        with contextlib.suppress(OSError):  # a killed client: nothing to answer
            self.wfile.write(line + b"\r\n")

    def handle(self) -> None:
        sink: SmtpSink = self.server.sink
        self.reply(b"220 sink.test ESMTP")
        try:
            while line := self.rfile.readline():
                verb = line.strip().split(b" ", 1)[0].upper()
                if verb == b"EHLO":
                    self.reply(b"250-sink.test\r\n250 8BITMIME")
                elif verb == b"RCPT" and line.split(b":", 1)[1].strip(b" <>\r\n") in sink.refused:
                    self.reply(b"550 5.1.1 No such mailbox here")
                elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                    self.reply(b"250 OK")
                elif verb == b"DATA":
                    sink.data_starting()
                    self.reply(b"354 End data with <CR><LF>.<CR><LF>")
                    lines = []
                    while (line := self.rfile.readline()) != b".\r\n":
                        if not line:
                            return  # dropped before the final ".": no message, as RFC 5321 says
                        lines.append(line[1:] if line.startswith(b"..") else line)
                    if not sink.accept(b"".join(lines)):
                        return  # accepted, but the client never hears so
                    self.reply(b"250 OK queued")
                elif verb == b"QUIT":
                    self.reply(b"221 Bye")
                    return
                else:
                    self.reply(b"502 Command not implemented")
        except OSError:
            return  # connection reset by a killed client


class SmtpSink:
    """Keeps every message accepted after its final ".". Can SIGKILL a process
    just after accepting the n-th message, before answering it, or as the n-th
    message starts (so it is never accepted); refuse recipients; or hang up on
    the next message once it has accepted it."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.refused: set[bytes] = set()
        self._lock = threading.Lock()
        self._kill: tuple[int, int, str] | None = None
        self._hang_up_after_next = False
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
        self.server.daemon_threads = True
        self.server.sink = self
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.server.server_address[1]}"

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def _kill_if(self, moment: str, number: int) -> None:
        """SIGKILL the process if this is the moment, and the message, to."""
        with self._lock:
            kill = self._kill
            if not (kill and kill[2] == moment and number >= kill[1]):
                return
            self._kill = None
        os.kill(kill[0], signal.SIGKILL)

    def data_starting(self) -> None:
        self._kill_if("starting", self.count() + 1)

    def accept(self, data: bytes) -> bool:
        """Keep the message; whether to answer the client."""
        with self._lock:
            self.messages.append(data)
            number = len(self.messages)
            answer, self._hang_up_after_next = not self._hang_up_after_next, False
        self._kill_if("accepted", number)
        return answer

    def kill_at(self, pid: int, number: int, moment: str) -> None:
        """SIGKILL pid when the number-th message starts, or is accepted."""
        assert moment in ("starting", "accepted")
        with self._lock:
            self._kill = (pid, number, moment)

    def hang_up_after_next(self) -> None:
        with self._lock:
            self._hang_up_after_next = True

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self._kill = None

    def parsed(self) -> list[email.message.Message]:
        with self._lock:
            messages = list(self.messages)
        return [email.message_from_bytes(data) for data in messages]

    def received(self) -> Counter:
        """How many times each notification (by its idempotency key) arrived."""
        return Counter(message[HEADER] for message in self.parsed())

    def deliveries(self) -> list[tuple[str, str]]:
        """(Message-ID, notification key) of each message, in the order accepted."""
        return [(message["Message-ID"], message[HEADER]) for message in self.parsed()]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    yield sink
    sink.close()
