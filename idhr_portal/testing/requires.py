"""A test that needs a real part the machine lacks: skipped on a developer's machine,
failed under CI (`.ci/run` sets CI), where `make test` installs every part, so a
missing one is a broken set-up and never a silent skip."""

import os

import pytest


def missing_part(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{why}; `make test` should have provided it")
    pytest.skip(why)
