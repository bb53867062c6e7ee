"""Read what the real SMTP server (scripts/smtp_sink.py) received.

The sink writes every message to one folder, whoever sent it: two pytest-xdist workers,
two engineers' runs, `make run`. Tests send through `RunStampedEmailBackend`, which stamps
each message with this run's `X-IDHR-Test-Run` header (settings.TEST_MAIL_RUN, one per
worker); a `Mailbox` shows only the messages with its own run's stamp.
"""
import email
import email.policy
import os
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from django.core.mail.backends.smtp import EmailBackend as SMTPEmailBackend

RUN_HEADER = "X-IDHR-Test-Run"


def test_mail_run() -> str:
    """This run's stamp: the environment's (so that a `manage.py` subprocess a test starts
    stamps its mail as the test's own), else the settings'."""
    from django.conf import settings

    return os.environ.get("IDHR_TEST_MAIL_RUN") or settings.TEST_MAIL_RUN


class RunStampedEmailBackend(SMTPEmailBackend):
    """Django's SMTP backend, with this run's stamp on every message it sends."""

    def send_messages(self, email_messages):
        run = test_mail_run()
        for message in email_messages or ():
            message.extra_headers = {**message.extra_headers, RUN_HEADER: run}
        return super().send_messages(email_messages)


@dataclass
class ReceivedMail:
    path: Path
    message: EmailMessage

    @property
    def envelope_to(self) -> list[str]:
        return [a.strip() for a in self.message["X-Envelope-To"].split(",") if a.strip()]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return part.get_content()
        return ""

    @property
    def text(self) -> str:
        return self.part("text/plain")

    @property
    def html(self) -> str:
        return self.part("text/html")


class Mailbox:
    """Messages of this run that the SMTP server wrote to its folder since this mailbox
    was opened (those stamped with another run's, or no, `X-IDHR-Test-Run` are left out)."""

    def __init__(self, directory: Path, run: str | None = None):
        self.directory = directory
        self.run = run or test_mail_run()
        directory.mkdir(parents=True, exist_ok=True)
        self._seen_before = {p.name for p in directory.glob("*.eml")}
        self._others: set[str] = set()

    def messages(self) -> list[ReceivedMail]:
        paths = sorted(
            p for p in self.directory.glob("*.eml") if p.name not in self._seen_before and p.name not in self._others
        )
        mine = []
        for p in paths:
            message = email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            if message[RUN_HEADER] == self.run:
                mine.append(ReceivedMail(p, message))
            else:
                self._others.add(p.name)
        return mine

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.messages() if address in m.envelope_to]

    def wait_for(self, predicate=lambda m: True, count: int = 1, timeout: float = 15.0) -> list[ReceivedMail]:
        """Wait until at least `count` new messages match; return the matches."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.messages() if predicate(m)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.1)


def mail_dir() -> Path:
    from django.conf import settings

    local = Path(os.environ.get("IDHR_LOCAL_DIR") or settings.BASE_DIR / ".local")
    return Path(os.environ.get("MAIL_DIR") or local / "mail")
