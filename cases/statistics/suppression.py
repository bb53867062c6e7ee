"""Small-count suppression for every figure that leaves the admin (issue 17, item 3).

A table is a grid of counts published with its row totals, column totals and grand
total. A cell from 1 to threshold-1 is suppressed ("fewer than N"); then complementary
suppression withholds further cells (or totals) until no suppressed value can be worked
out from what is published. Zeros are published as 0, so a reader knows a "fewer than N"
cell is between 1 and N-1; a withheld cell may be anything from 0 up.

Whether a value can be worked out is checked by interval propagation over the sums
(each row, each column, the totals): a suppressed value is safe when at least two
values stay possible for it.
"""

from dataclasses import dataclass, field

from django.conf import settings

SMALL = "small"  # shown as "fewer than N"
WITHHELD = "withheld"  # complementary suppression
MIN_THRESHOLD = 3
DEFAULT_THRESHOLD = 5


def suppression_threshold() -> int:
    """The configured threshold (settings.IDHR_STATISTICS_SUPPRESSION_THRESHOLD), never below 3."""
    value = getattr(settings, "IDHR_STATISTICS_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD)
    return max(MIN_THRESHOLD, int(value))


@dataclass
class Published:
    """A table after suppression: each cell and total is an int, SMALL or WITHHELD."""

    cells: list[list[object]]
    row_totals: list[object]
    col_totals: list[object]
    grand_total: object
    threshold: int
    suppressed: set = field(default_factory=set)  # keys of the suppressed values


def _keys(n_rows, n_cols):
    cells = [("c", r, c) for r in range(n_rows) for c in range(n_cols)]
    return cells, [("r", r) for r in range(n_rows)], [("k", c) for c in range(n_cols)], ("g",)


def _constraints(n_rows, n_cols, subset_of=None):
    """Each constraint: (parts, total) meaning sum(parts) == total.

    A subset column (subset_of {column: parent}) is left out of the row totals; instead each
    of its cells plus an unpublished rest ("x", r, column) makes the parent cell.
    """
    subset_of = subset_of or {}
    whole = [c for c in range(n_cols) if c not in subset_of]
    rows = [([("c", r, c) for c in whole], ("r", r)) for r in range(n_rows)]
    cols = [([("c", r, c) for r in range(n_rows)], ("k", c)) for c in range(n_cols)]
    parts = [
        ([("c", r, sub), ("x", r, sub)], ("c", r, parent)) for sub, parent in subset_of.items() for r in range(n_rows)
    ]
    rests = [
        ([("k", sub), *[("x", r, sub) for r in range(n_rows)]], ("k", parent)) for sub, parent in subset_of.items()
    ]
    grand = [([("r", r) for r in range(n_rows)], ("g",)), ([("k", c) for c in whole], ("g",))]
    return rows + cols + parts + rests + grand


def attacker_bounds(values: dict, hidden: dict, constraints, threshold: int) -> dict:
    """The interval a reader can narrow each hidden value to. hidden maps key -> SMALL/WITHHELD."""
    big = sum(v for k, v in values.items() if k[0] == "c") + 10 * threshold + 10
    lo, hi = {}, {}
    for key, value in values.items():
        if key in hidden:
            lo[key], hi[key] = (1, threshold - 1) if hidden[key] == SMALL else (0, big)
        else:
            lo[key] = hi[key] = value
    changed = True
    while changed:
        changed = False
        for parts, total in constraints:
            # sum(parts) - total == 0: tighten every variable from the others' bounds.
            terms = [(p, 1) for p in parts] + [(total, -1)]
            for key, sign in terms:
                rest_lo = sum(lo[k] if s > 0 else -hi[k] for k, s in terms if k != key)
                rest_hi = sum(hi[k] if s > 0 else -lo[k] for k, s in terms if k != key)
                # sign*x = -(rest) -> x in [-rest_hi, -rest_lo] * sign
                new_lo, new_hi = (-rest_hi, -rest_lo) if sign > 0 else (rest_lo, rest_hi)
                if new_lo > lo[key]:
                    lo[key], changed = new_lo, True
                if new_hi < hi[key]:
                    hi[key], changed = new_hi, True
    return {key: (lo[key], hi[key]) for key in hidden}


def suppress(counts: list[list[int]], *, threshold: int | None = None, subset_of: dict | None = None) -> Published:
    """Suppress a table; `subset_of` {column: parent column} names columns that are part of
    another (Clery: student housing within on campus), left out of the row totals."""
    threshold = suppression_threshold() if threshold is None else max(MIN_THRESHOLD, threshold)
    subset_of = subset_of or {}
    n_rows, n_cols = len(counts), len(counts[0]) if counts else 0
    values = {("c", r, c): counts[r][c] for r in range(n_rows) for c in range(n_cols)}
    for r in range(n_rows):
        values[("r", r)] = sum(v for c, v in enumerate(counts[r]) if c not in subset_of)
    for c in range(n_cols):
        values[("k", c)] = sum(counts[r][c] for r in range(n_rows))
    values[("g",)] = sum(values[("r", r)] for r in range(n_rows))
    # The rest of a parent cell beyond its subset: never published, always unknown to a reader.
    rests = {
        ("x", r, sub): counts[r][parent] - counts[r][sub] for sub, parent in subset_of.items() for r in range(n_rows)
    }
    constraints = _constraints(n_rows, n_cols, subset_of)
    hidden = {k: SMALL for k, v in values.items() if 0 < v < threshold}
    while hidden:
        bounds = attacker_bounds(
            {**values, **rests}, {**hidden, **dict.fromkeys(rests, WITHHELD)}, constraints, threshold
        )
        exposed = [k for k, (lo, hi) in bounds.items() if lo == hi and k in hidden]
        if not exposed:
            break
        # A sum with a single hidden value gives it away: fix such a sum first.
        lines = [[*parts, total] for parts, total in constraints]
        lone = [
            line
            for line in lines
            if sum(k in hidden or k in rests for k in line) == 1 and any(k in hidden for k in line)
        ]
        if lone:
            line = lone[0]
            key = next(k for k in line if k in hidden)
            candidates = [k for k in line if k not in hidden and k not in rests]
        else:
            key = exposed[0]
            candidates = [k for line in lines if key in line for k in line if k not in hidden and k not in rests]
        if not candidates:
            # Nothing left to withhold beside it: withhold everything still published.
            candidates = [k for k in values if k not in hidden]
            if not candidates:
                break

        # Prefer a cell whose other line already hides something (closing a rectangle),
        # then the smallest non-zero cell, then zero cells, then totals.
        def cost(k, key=key):
            others = [ps + [t] for ps, t in constraints if (k in ps or k == t) and not (key in ps or key == t)]
            closes = sum(any(x in hidden for x in line) for line in others)
            return (k[0] != "c", -closes, values[k] == 0, values[k], k)

        hidden[min(candidates, key=cost)] = WITHHELD

    def shown(key):
        return hidden.get(key, values[key])

    return Published(
        cells=[[shown(("c", r, c)) for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[shown(("r", r)) for r in range(n_rows)],
        col_totals=[shown(("k", c)) for c in range(n_cols)],
        grand_total=shown(("g",)),
        threshold=threshold,
        suppressed=set(hidden),
    )
