"""The modules of a QR code, as ReportLab's encoder makes them, with its mask chosen faster.

ReportLab's `QRCode.make()` lays the whole code out nine times: once per mask pattern to score
it, then with the best one. Scoring those eight grids of Python booleans was about 85% of a
QR code's time, and a personalised notice has one per client (a batch of 1,000: 1,000 codes).
Here the grid is laid out once, each mask is applied to it as one integer per row, and the
masks are scored with bit operations and string searches. The scores are ReportLab's own,
quirks included, so the same mask wins and the code is module for module the same
(tests/unit/documents/test_qr_matrix.py compares them).
"""

from __future__ import annotations

import functools
import itertools
import re

from reportlab.graphics.barcode import qrencoder

_MASKS = range(8)
_RUN = re.compile(r"0{5,}|1{5,}")
# ReportLab looks for this finder-like pattern in rows only, in this direction only, and
# never at the last position of a row (its loop stops one short).
_FINDER_LIKE = "10111010000"


def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of a QR code of `value`, row by row, error
    correction level M, without the quiet zone."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.version = code.calculate_version()
    code.makeImpl(True, 0)  # the grid to score: type information left light, as ReportLab does
    code.makeImpl(False, _best_mask(code))
    return tuple(tuple(bool(cell) for cell in row) for row in code.modules)


def _best_mask(code: qrencoder.QRCode) -> int:
    """The mask ReportLab's `getBestMaskPattern` picks (the first with the lowest score),
    from `code` laid out for scoring with mask 0."""
    size = code.moduleCount
    unmasked = _apply(_flips(code.version, 0), [_row_bits(row) for row in code.modules])
    scores = [_score(_apply(_flips(code.version, mask), unmasked), size) for mask in _MASKS]
    return scores.index(min(scores))


def _apply(flips: tuple[int, ...], rows: list[int]) -> list[int]:
    """`rows` with a mask's bits flipped (masking twice with the same mask undoes it)."""
    return [row ^ flip for row, flip in zip(rows, flips, strict=True)]


def _row_bits(row) -> int:
    """A row as an integer whose highest bit is its first module."""
    bits = 0
    for cell in row:
        bits = bits << 1 | bool(cell)
    return bits


@functools.cache
def _flips(version: int, mask: int) -> tuple[int, ...]:
    """Per row, the bits `mask` flips: the data modules where its formula is true. The key
    is complete: where the data modules lie depends on the version alone (ReportLab's
    `_dataPosIterator` reads only the version and the side it gives), and so does the mask."""
    size = version * 4 + 17
    blank = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    blank.moduleCount = size
    formula = qrencoder.QRUtil.getMask(mask)
    rows = [0] * size
    for column, row in blank.dataPosIterator():
        if formula(row, column):
            rows[row] |= 1 << (size - 1 - column)
    return tuple(rows)


def _score(rows: list[int], size: int) -> int:
    """ReportLab's `QRUtil.getLostPoint` of a grid given as one integer per row."""
    texts = [format(row, f"0{size}b") for row in rows]
    columns = ["".join(column) for column in zip(*texts, strict=True)]
    # Rule 1: a run of five or more modules of one colour, in a row or a column, costs its
    # length less two.
    runs = sum(len(run) - 2 for text in (*texts, *columns) for run in _RUN.findall(text))
    # Rule 2: each 2x2 square of one colour costs 3.
    pairs = (1 << (size - 1)) - 1  # bit k and bit k+1 both inside the row
    squares = 0
    for upper, lower in itertools.pairwise(rows):
        same_vertically = ~(upper ^ lower)
        same_across = ~(upper ^ (upper >> 1))
        squares += (same_vertically & (same_vertically >> 1) & same_across & pairs).bit_count()
    # Rule 3: the finder-like pattern costs 40 (rows only: ReportLab compares a column's
    # tuple with its list of the pattern, which is never equal).
    finders = sum(text.count(_FINDER_LIKE, 0, size - 1) for text in texts)
    # Rule 4: the share of dark modules away from half, in steps of 5%, costs 10 a step.
    dark = sum(row.bit_count() for row in rows)
    balance = 10 * (abs(100 * dark // (size * size) - 50) // 5)
    return runs + 3 * squares + 40 * finders + balance
