#!/usr/bin/env python3
"""Fail when the project's import graph has a cycle (`make lint`).

grimp (import-linter's graph) reads every import, those inside functions too, so a circle
held together by function-level imports shows here. The one cycle allowed: the
notifications outbox and its Celery task, which queue each other (notifications.services
<-> notifications.tasks).
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp

PACKAGES = ("cases", "reports", "resources", "notifications", "idhr_portal")
ALLOWED_PREFIXES = ("notifications.services", "notifications.tasks")


def cycles(graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    modules = sorted(graph.modules)
    edges = {m: sorted(set(graph.find_modules_directly_imported_by(m)) & set(modules)) for m in modules}
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], 0
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False, cache_dir=None)
    bad = [c for c in cycles(graph) if not all(m.startswith(ALLOWED_PREFIXES) for m in c)]
    for component in bad:
        print(f"import cycle of {len(component)} modules: {', '.join(component)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
