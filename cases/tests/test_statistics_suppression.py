"""Small-count suppression: try to recover every suppressed cell from what is published.

The attacker here is independent of the code under test: it enumerates every whole-number
filling of the hidden values (a "fewer than 5" is 1 to 4, a withheld value 0 up to the
largest possible) that agrees with every published row, column and grand total, and
succeeds if some hidden value is the same in every filling.
"""

import itertools
import random

import pytest

from cases.statistics.suppression import SMALL, WITHHELD, suppress


def published_values(pub):
    out = {}
    for r, row in enumerate(pub.cells):
        for c, v in enumerate(row):
            out[("c", r, c)] = v
    for r, v in enumerate(pub.row_totals):
        out[("r", r)] = v
    for c, v in enumerate(pub.col_totals):
        out[("k", c)] = v
    out[("g",)] = pub.grand_total
    return out


def fillings(pub, limit, subset_of=None):
    """Every filling of the hidden cells consistent with the published figures (row by row).

    subset_of {column: parent}: that column is part of the parent column (Clery: student
    housing within on campus), so a cell of it is at most its parent and not in the row total.
    """
    subset_of = subset_of or {}
    shown = published_values(pub)
    n_rows, n_cols = len(pub.cells), len(pub.cells[0])

    def known(key):
        return None if shown[key] in (SMALL, WITHHELD) else shown[key]

    def cell_range(r, c):
        v = shown[("c", r, c)]
        if v == SMALL:
            return range(1, pub.threshold)
        if v == WITHHELD:
            caps = [t for t in (known(("r", r)), known(("k", c)), known(("g",))) if t is not None]
            return range(0, min(caps + [limit]) + 1)
        return (v,)

    def rows_from(r, col_sums, chosen):
        if r == n_rows:
            grand = sum(v for c, v in enumerate(col_sums) if c not in subset_of)
            if all(known(("k", c)) in (None, col_sums[c]) for c in range(n_cols)) and known(("g",)) in (None, grand):
                yield dict(chosen)
            return
        for combo in itertools.product(*(cell_range(r, c) for c in range(n_cols))):
            if any(combo[sub] > combo[parent] for sub, parent in subset_of.items()):
                continue
            row_total = sum(v for c, v in enumerate(combo) if c not in subset_of)
            if known(("r", r)) not in (None, row_total):
                continue
            sums = [a + b for a, b in zip(col_sums, combo, strict=True)]
            if any(known(("k", c)) is not None and sums[c] > known(("k", c)) for c in range(n_cols)):
                continue
            row = {("c", r, c): combo[c] for c in range(n_cols)}
            row[("r", r)] = row_total
            yield from rows_from(r + 1, sums, {**chosen, **row})

    for filling in rows_from(0, [0] * n_cols, {}):
        filling.update({("k", c): sum(filling[("c", r, c)] for r in range(n_rows)) for c in range(n_cols)})
        filling[("g",)] = sum(filling[("r", r)] for r in range(n_rows))
        yield {k: v for k, v in filling.items() if shown[k] in (SMALL, WITHHELD)}


def assert_nothing_recoverable(counts, threshold=5, subset_of=None):
    pub = suppress(counts, threshold=threshold, subset_of=subset_of)
    shown = published_values(pub)
    # Every cell from 1 to 4 is shown as "fewer than 5".
    for r, row in enumerate(counts):
        for c, v in enumerate(row):
            if 0 < v < threshold:
                assert shown[("c", r, c)] == SMALL
            elif shown[("c", r, c)] not in (SMALL, WITHHELD):
                assert shown[("c", r, c)] == v
    limit = sum(map(sum, counts))
    possible = {}
    for filling in fillings(pub, limit, subset_of):
        for key, value in filling.items():
            possible.setdefault(key, set()).add(value)
    hidden = [k for k, v in shown.items() if v in (SMALL, WITHHELD)]
    for key in hidden:
        assert len(possible[key]) >= 2, (counts, key, possible[key])
    return pub


def test_single_small_cell_gets_a_complement_in_its_row_and_column():
    pub = assert_nothing_recoverable([[2, 10, 7], [8, 9, 12]])
    assert pub.cells[0][0] == SMALL
    # its row and its column each lose one more figure
    assert sum(v in (SMALL, WITHHELD) for v in pub.cells[0] + [pub.row_totals[0]]) >= 2
    assert sum(v in (SMALL, WITHHELD) for v in [pub.cells[0][0], pub.cells[1][0], pub.col_totals[0]]) >= 2


def test_a_row_of_one_small_cell_and_zeros():
    assert_nothing_recoverable([[1, 0, 0], [6, 8, 0], [0, 5, 9]])


def test_two_small_cells_whose_sum_would_give_them_away():
    # Row 0: total 10, published 8 -> the two hidden cells sum to 2, and each is at least 1.
    assert_nothing_recoverable([[1, 1, 8], [9, 7, 6]])


def test_threshold_is_never_below_three():
    pub = suppress([[2, 9], [9, 9]], threshold=1)
    assert pub.threshold == 3
    assert pub.cells[0][0] == SMALL


def test_nothing_small_nothing_hidden():
    pub = suppress([[5, 6], [7, 8]], threshold=5)
    assert pub.cells == [[5, 6], [7, 8]]
    assert pub.row_totals == [11, 15] and pub.col_totals == [12, 14] and pub.grand_total == 26


@pytest.mark.parametrize("seed", range(25))
def test_random_small_tables(seed):
    rng = random.Random(seed)
    counts = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9]) for _ in range(3)] for _ in range(2)]
    assert_nothing_recoverable(counts)


# The Clery table: columns on campus (total), of which student housing, non-campus, public
# property; the housing column is part of on campus and not added again to a row's total.
CLERY = {1: 0}


def test_clery_housing_subset_published_as_counted():
    pub = suppress([[7, 5, 0, 6], [6, 6, 5, 0]], threshold=5, subset_of=CLERY)
    assert pub.cells == [[7, 5, 0, 6], [6, 6, 5, 0]]
    assert pub.row_totals == [13, 11]  # 7 + 0 + 6 and 6 + 5 + 0: housing counted once
    assert pub.col_totals == [13, 11, 5, 6] and pub.grand_total == 24


def test_clery_small_housing_count_cannot_be_recovered_from_on_campus():
    # 2 of the 7 on-campus stalking reports were in student housing.
    pub = assert_nothing_recoverable([[7, 2, 0, 6], [6, 6, 5, 0]], subset_of=CLERY)
    assert pub.cells[0][1] == SMALL


def test_clery_small_on_campus_and_housing():
    assert_nothing_recoverable([[2, 1, 0, 0], [6, 6, 5, 0], [7, 5, 0, 5], [0, 0, 0, 1]], subset_of=CLERY)


@pytest.mark.parametrize("seed", range(15))
def test_random_clery_tables(seed):
    rng = random.Random(100 + seed)
    counts = []
    for _ in range(2):
        on_campus = rng.choice([0, 1, 2, 3, 5, 6, 9])
        counts.append([on_campus, rng.randint(0, on_campus), rng.choice([0, 1, 4, 5, 7]), rng.choice([0, 2, 5, 8])])
    assert_nothing_recoverable(counts, subset_of=CLERY)


def test_clery_housing_count_bounded_by_its_on_campus_count():
    # Found by breaking the suppressor (forgetting that housing is part of on campus): it
    # published a table from which the 6 on-campus fondlings could be worked out.
    assert_nothing_recoverable([[6, 6, 5, 0], [4, 4, 5, 2]], subset_of=CLERY)
