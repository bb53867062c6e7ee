#!/usr/bin/env python3
"""`pip-audit` of every pinned dependency, with dated exceptions; run by `make lint`.

Audits requirements/dev.txt, which includes the runtime set (requirements/base.txt).

Fails when any pinned dependency has a known vulnerability, unless the advisory is
listed in pip-audit-exceptions.txt with a reason and an expiry date that has not
passed (an expired exception fails too, so each one is looked at again).

pip-audit reads vulnerabilities from PyPI's per-version JSON API. Where that API is
unreachable it skips the dependency; this script then warns with the count, and
fails if PIP_AUDIT_STRICT=1 (set it in CI where pypi.org answers in full).
"""
import datetime
import json
import os
import re
import subprocess  # noqa: S404 (runs our own pip-audit with fixed arguments)
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXCEPTIONS = ROOT / "pip-audit-exceptions.txt"
LINE = re.compile(r"^(?P<id>\S+)\s+(?P<until>\d{4}-\d{2}-\d{2})\s+(?P<reason>.+)$")


def read_exceptions(today: datetime.date) -> tuple[dict[str, str], list[str]]:
    active, expired = {}, []
    if EXCEPTIONS.exists():
        for raw in EXCEPTIONS.read_text().splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            match = LINE.match(line)
            if not match:
                sys.exit(f"pip-audit-exceptions.txt: cannot read {line!r} (want: ID YYYY-MM-DD reason)")
            if datetime.date.fromisoformat(match["until"]) < today:
                expired.append(line)
            else:
                active[match["id"]] = match["reason"]
    return active, expired


def main() -> int:
    active, expired = read_exceptions(datetime.date.today())
    pip_audit = str(Path(sys.executable).with_name("pip-audit"))
    result = subprocess.run(  # noqa: S603
        [pip_audit, "-r", str(ROOT / "requirements" / "dev.txt"), "-f", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        print("pip-audit did not produce a report", file=sys.stderr)
        return 1
    failures, skipped = [], []
    for dep in report.get("dependencies", []):
        if "skip_reason" in dep:
            skipped.append(dep["name"])
        for vuln in dep.get("vulns", []):
            ids = [vuln["id"], *vuln.get("aliases", [])]
            if any(i in active for i in ids):
                print(f"pip-audit: {dep['name']} {dep['version']} {vuln['id']}: accepted until its date")
                continue
            fixes = ", ".join(vuln.get("fix_versions", [])) or "none yet"
            failures.append(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
    for line in expired:
        failures.append(f"expired exception in pip-audit-exceptions.txt: {line}")
    audited = len(report.get("dependencies", [])) - len(skipped)
    print(f"pip-audit: {audited} dependencies audited, {len(skipped)} skipped, {len(failures)} problem(s)")
    if skipped:
        print(
            "pip-audit: WARNING: could not audit (PyPI's per-version JSON API did not answer): "
            + ", ".join(sorted(skipped)),
            file=sys.stderr,
        )
        if os.environ.get("PIP_AUDIT_STRICT") == "1":
            failures.append(f"{len(skipped)} dependencies could not be audited (PIP_AUDIT_STRICT=1)")
    for failure in failures:
        print(f"pip-audit: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
