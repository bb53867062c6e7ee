"""Read what the real SMTP server (scripts/smtp_sink.py) received."""
import email
import email.policy
import os
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path


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
    """Messages the SMTP server wrote to its folder since this mailbox was opened."""

    def __init__(self, directory: Path):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._seen_before = {p.name for p in directory.glob("*.eml")}

    def messages(self) -> list[ReceivedMail]:
        paths = sorted(p for p in self.directory.glob("*.eml") if p.name not in self._seen_before)
        return [
            ReceivedMail(p, email.message_from_bytes(p.read_bytes(), policy=email.policy.default))
            for p in paths
        ]

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

    return Path(os.environ.get("MAIL_DIR", settings.BASE_DIR / ".local" / "mail"))
