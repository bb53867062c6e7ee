#!/usr/bin/env python3
"""`make mutation`: mutmut over the modules that hold the regulation's arithmetic and guards,
each against its own fast tests, one module after another (docs/testing.md has the results).

    .venv/bin/python scripts/mutation.py                 # every module below
    .venv/bin/python scripts/mutation.py guards deadlines
    MUTATION_CHILDREN=1 .venv/bin/python scripts/mutation.py receipt_codes

Each module gets a work folder mutants/<module>/ (git-ignored) with its own mutmut
configuration and results, so running one module never invalidates another's. The folder
links the project's packages; mutmut copies them into mutants/<module>/mutants/, rewrites the
module's functions there, and runs the module's tests against each mutant (only the tests
that reach the mutated function). The test database is created and migrated once, before
mutmut starts (scripts/mutation_fixtures.py makes every mutant's pytest session use it as it
is). A second run reuses the verdicts of unchanged functions; delete mutants/<module>/ to
start over.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess  # nosec B404: runs this project's own venv tools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PACKAGES = ("cases", "reports", "idhr_portal", "notifications", "resources")
LINKED = ("templates", "static", "fixtures", "locale", "pytest.ini", ".env")
FAST = "not browser and not integration"

# module -> (files mutated, the tests that are its own, extra pytest arguments)
MODULES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "guards": (
        ["cases/selectors/guards.py", "cases/workflow.py"],
        ["cases/tests/test_workflow.py", "cases/tests/test_guard_refusals.py", "cases/tests/test_one_door.py"],
        # the race test is transactional (it flushes the tables other mutants' runs use)
        ["--deselect", "cases/tests/test_workflow.py::test_two_simultaneous_transitions_one_wins_the_other_is_refused"],
    ),
    "deadlines": (
        ["cases/selectors/deadlines.py", "cases/services/deadlines.py"],
        [
            "cases/tests/test_business_days.py",
            "cases/tests/test_clocks_delivery.py",
            "cases/tests/test_calendar.py",
            "cases/tests/test_outcomes.py",
        ],
        [],
    ),
    "suppression": (
        ["cases/statistics/suppression.py"],
        ["cases/tests/test_statistics_suppression.py"],
        [],
    ),
    "audit_chain": (
        ["cases/audit_chain.py"],
        [
            "cases/tests/test_audit_chain.py",
            "cases/tests/test_audit_chain_install.py",
            "cases/tests/test_audit_new_tables.py",
        ],
        [],
    ),
    "receipt_codes": (
        ["reports/services/receipt_codes.py"],
        [
            "reports/tests/test_follow_up.py",
            "reports/tests/test_follow_up_cache_down.py",
            "reports/tests/test_follow_up_one_client.py",
            "reports/tests/test_services.py",
        ],
        [],
    ),
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("IDHR_LOCAL_DIR", str(ROOT / ".local"))
    env.setdefault("DJANGO_SETTINGS_MODULE", "idhr_portal.settings.test")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _link(target: Path, link: Path) -> None:
    if target.exists() and not link.exists() and not link.is_symlink():
        link.symlink_to(target)


def _cfg_list(values: list[str]) -> str:
    return "\n".join(f"    {v}" for v in values)


def prepare(name: str) -> Path:
    """The module's work folder: links to the project, its mutmut configuration, and the
    copy's conftest.py (the project's own plus scripts/mutation_fixtures.py)."""
    mutate, tests, extra = MODULES[name]
    work = ROOT / "mutants" / name
    copy = work / "mutants"
    copy.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        _link(ROOT / package, work / package)
    for item in LINKED:
        _link(ROOT / item, copy / item)
    _link(ROOT / "scripts" / "mutation_fixtures.py", copy / "mutation_fixtures.py")
    conftest = (ROOT / "conftest.py").read_text()
    conftest += "\n\n# make mutation (scripts/mutation.py)\nfrom mutation_fixtures import *  # noqa: E402,F403\n"
    (copy / "conftest.py").write_text(conftest)
    missing = [t for t in tests if not (ROOT / t).exists()]
    if missing:
        raise SystemExit(f"{name}: missing test files {missing}")
    (work / "setup.cfg").write_text(
        "[mutmut]\n"
        f"source_paths =\n{_cfg_list(list(PACKAGES))}\n"
        f"only_mutate =\n{_cfg_list(mutate)}\n"
        f"pytest_add_cli_args_test_selection =\n{_cfg_list(tests)}\n"
        f"pytest_add_cli_args =\n{_cfg_list(['-p', 'no:cacheprovider', '-m', FAST, *extra])}\n"
        "process_isolation = forkserver\n"
        "use_git_change_detection = false\n"
    )
    return work


def ensure_test_database() -> None:
    """Create and migrate the test database if needed (one small test with --reuse-db)."""
    subprocess.run(  # noqa: S603  # nosec B603
        [str(VENV_BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--reuse-db",
         "reports/tests/test_services.py", "-x"],
        cwd=ROOT, env=_env(), check=True, stdout=subprocess.DEVNULL,
    )


def summary(name: str) -> dict:
    """Counts and surviving mutants of one module, from mutmut's .meta files."""
    from mutmut.stats import status_by_exit_code

    mutate, _, _ = MODULES[name]
    work = ROOT / "mutants" / name
    result = {"module": name, "files": mutate, "counts": {}, "survived": [], "no tests": []}
    for path in mutate:
        meta = work / "mutants" / f"{path}.meta"
        if not meta.exists():
            continue
        for key, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            status = status_by_exit_code[code]
            result["counts"][status] = result["counts"].get(status, 0) + 1
            if status in ("survived", "no tests"):
                result[status].append(key)
    counts = result["counts"]
    total = sum(counts.values())
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    result.update(total=total, killed=killed, rate=round(100 * killed / total, 1) if total else None)
    return result


def run(name: str, children: int) -> dict:
    work = prepare(name)
    log = work / "run.log"
    print(f"== {name}: mutating {', '.join(MODULES[name][0])} (log: {log.relative_to(ROOT)})", flush=True)
    with log.open("w") as out:
        proc = subprocess.run(  # noqa: S603  # nosec B603
            [str(VENV_BIN / "mutmut"), "run", "--max-children", str(children)],
            cwd=work, env=_env(), stdout=out, stderr=subprocess.STDOUT,
        )
    result = summary(name)
    result["exit"] = proc.returncode
    diffs = []
    for key in result["survived"] + result["no tests"]:
        shown = subprocess.run(  # noqa: S603  # nosec B603
            [str(VENV_BIN / "mutmut"), "show", key], cwd=work, env=_env(), capture_output=True, text=True
        )
        diffs.append(shown.stdout)
    (work / "survivors.diff").write_text("\n".join(diffs))
    (work / "summary.json").write_text(json.dumps(result, indent=2))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"any of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--children", type=int, default=int(os.environ.get("MUTATION_CHILDREN", "2")))
    args = parser.parse_args()
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {unknown}; choose from {', '.join(MODULES)}")
    os.chdir(ROOT)
    ensure_test_database()
    failed = False
    rows = []
    for name in args.modules or list(MODULES):
        result = run(name, args.children)
        rows.append(result)
        if result["exit"] != 0 or not result["total"]:
            print(f"   mutmut failed (exit {result['exit']}): see mutants/{name}/run.log", flush=True)
            failed = True
            continue
        c = result["counts"]
        print(
            f"   {result['total']} mutants, {result['killed']} killed ({result['rate']} %), "
            f"{c.get('survived', 0)} survived, {c.get('no tests', 0)} without a test; "
            f"survivors: mutants/{name}/survivors.diff",
            flush=True,
        )
    print()
    print(f"{'module':<15}{'mutants':>9}{'killed':>8}{'survived':>10}{'no test':>9}{'killed %':>10}")
    for r in rows:
        c = r["counts"]
        print(
            f"{r['module']:<15}{r['total']:>9}{r['killed']:>8}{c.get('survived', 0):>10}"
            f"{c.get('no tests', 0):>9}{r['rate'] if r['rate'] is not None else '-':>10}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
