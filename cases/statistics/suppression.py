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


def _constraints(n_rows, n_cols):
    """Each constraint: (parts, total) meaning sum(parts) == total."""
    rows = [([("c", r, c) for c in range(n_cols)], ("r", r)) for r in range(n_rows)]
    cols = [([("c", r, c) for r in range(n_rows)], ("k", c)) for c in range(n_cols)]
    return rows + cols + [([("r", r) for r in range(n_rows)], ("g",)), ([("k", c) for c in range(n_cols)], ("g",))]


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


def suppress(counts: list[list[int]], *, threshold: int | None = None) -> Published:
    threshold = suppression_threshold() if threshold is None else max(MIN_THRESHOLD, threshold)
    n_rows, n_cols = len(counts), len(counts[0]) if counts else 0
    values = {("c", r, c): counts[r][c] for r in range(n_rows) for c in range(n_cols)}
    for r in range(n_rows):
        values[("r", r)] = sum(counts[r])
    for c in range(n_cols):
        values[("k", c)] = sum(counts[r][c] for r in range(n_rows))
    values[("g",)] = sum(values[("r", r)] for r in range(n_rows))
    constraints = _constraints(n_rows, n_cols)
    hidden = {k: SMALL for k, v in values.items() if 0 < v < threshold}
    while hidden:
        bounds = attacker_bounds(values, hidden, constraints, threshold)
        exposed = [k for k, (lo, hi) in bounds.items() if lo == hi]
        if not exposed:
            break
        # A sum with a single hidden value gives it away: fix such a sum first.
        lines = [[*parts, total] for parts, total in constraints]
        lone = [line for line in lines if sum(k in hidden for k in line) == 1]
        if lone:
            line = lone[0]
            key = next(k for k in line if k in hidden)
            candidates = [k for k in line if k not in hidden]
        else:
            key = exposed[0]
            candidates = [k for line in lines if key in line for k in line if k not in hidden]
        if not candidates:
            # Nothing left to withhold beside it: withhold everything still published.
            candidates = [k for k in values if k not in hidden]
            if not candidates:
                break
        # Prefer a cell whose other line already hides something (closing a rectangle),
        # then the smallest non-zero cell, then zero cells, then totals.
        def cost(k, key=key):
            others = [
                ps + [t] for ps, t in constraints if (k in ps or k == t) and not (key in ps or key == t)
            ]
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
