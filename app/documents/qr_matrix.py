"""The modules of a QR code, as ReportLab's encoder makes them, only faster.

ReportLab's `QRCode.make()` lays the whole code out nine times (once per mask pattern to score
it, then with the best one) and builds the error correction polynomials anew for every code:
11-18 ms a code, and a personalised notice has one per client (a batch of 1,000: 1,000
codes). Here the error correction words come from cached polynomials, the grid is laid out
once, and each mask is applied to it as one integer per row and scored with bit operations
and string searches. The scores are ReportLab's own, quirks included, so the same mask wins
and the code is module for module the same (tests/unit/documents/test_qr_matrix.py compares
them over versions 1 to 17).
"""

from __future__ import annotations

import functools
import itertools
import re

from reportlab.graphics.barcode import qrencoder

LEVEL = qrencoder.QRErrorCorrectLevel.M
_MASKS = range(8)
_RUN = re.compile(r"0{5,}|1{5,}")
# ReportLab looks for this finder-like pattern in rows only, in this direction only, and
# never where it would end a row (its loop stops one short): hence "followed by a module".
_FINDER_LIKE = re.compile(r"10111010000(?=[01])")
_EXP, _LOG = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE


def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of a QR code of `value`, row by row, error
    correction level M, without the quiet zone."""
    code = qrencoder.QRCode(None, LEVEL)
    code.addData(value)
    code.version = version = code.calculate_version()
    code.dataCache = _codewords(version, code.dataList)
    code.makeImpl(True, 0)  # laid out to be scored: type information light, as ReportLab does
    size = code.moduleCount
    unmasked = _apply(_flips(version, 0), [_row_bits(row) for row in code.modules])
    scores = [_score(_apply(_flips(version, mask), unmasked), size) for mask in _MASKS]
    best = scores.index(min(scores))  # the first of the lowest, as getBestMaskPattern
    # What makeImpl(False, best) would lay out: the same grid with the type information
    # (and from version 7 the version number) written in, and the data under the best mask.
    code.setupTypeInfo(False, best)
    if version >= 7:
        code.setupTypeNumber(False)
    final = _apply(_flips(version, best), _apply(_flips(version, 0), map(_row_bits, code.modules)))
    return tuple(tuple(bit == "1" for bit in format(row, f"0{size}b")) for row in final)


def _codewords(version: int, data_list) -> list[int]:
    """ReportLab's `QRCode.createData`: the data words padded to the version's capacity,
    each block's error correction words after them, interleaved."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, LEVEL)
    buffer = qrencoder.QRBitBuffer()
    for data in data_list:
        data.write(buffer, version)
    capacity = 8 * sum(block.dataCount for block in blocks)
    if buffer.getLengthInBits() > capacity:
        raise ValueError(f"code length overflow ({buffer.getLengthInBits()} > {capacity})")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    words = list(buffer.buffer)
    words += itertools.islice(itertools.cycle((0xEC, 0x11)), capacity // 8 - len(words))
    data_blocks, correction_blocks = [], []
    offset = 0
    for block in blocks:
        data_words = words[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(data_words)
        correction_blocks.append(_remainder(data_words, block.totalCount - block.dataCount))
    return [
        word
        for row in itertools.chain(
            itertools.zip_longest(*data_blocks), itertools.zip_longest(*correction_blocks)
        )
        for word in row
        if word is not None
    ]


@functools.cache
def _generator_logs(count: int) -> tuple[tuple[int, int], ...]:
    """(power, log of coefficient) of ReportLab's error correction polynomial of `count`
    words, leading term left out, zero coefficients too. Its only input is `count`."""
    coefficients = qrencoder.QRUtil.getErrorCorrectPolynomial(count).num
    assert coefficients[0] == 1 and len(coefficients) == count + 1
    return tuple((power, _LOG[c]) for power, c in enumerate(coefficients[1:], 1) if c)


def _remainder(data: list[int], count: int) -> list[int]:
    """The `count` error correction words of `data`: the remainder of data * x^count divided
    by the generator polynomial, in GF(256) (what ReportLab's QRPolynomial.mod computes)."""
    generator = _generator_logs(count)
    words = [*data, *([0] * count)]
    for index in range(len(data)):
        leading = words[index]
        if leading:
            log = _LOG[leading]
            for power, coefficient_log in generator:
                words[index + power] ^= _EXP[(log + coefficient_log) % 255]
    return words[len(data) :]


def _apply(flips: tuple[int, ...], rows) -> list[int]:
    """`rows` with a mask's bits flipped (masking twice with the same mask undoes it)."""
    return [row ^ flip for row, flip in zip(rows, flips, strict=True)]


def _row_bits(row) -> int:
    """A row as an integer whose highest bit is its first module."""
    return int("".join("1" if cell else "0" for cell in row), 2)


@functools.cache
def _flips(version: int, mask: int) -> tuple[int, ...]:
    """Per row, the bits `mask` flips: the data modules where its formula is true. The key
    is complete: where the data modules lie depends on the version alone (ReportLab's
    `_dataPosIterator` reads only the version and the side it gives), and so does the mask."""
    size = version * 4 + 17
    blank = qrencoder.QRCode(version, LEVEL)
    blank.moduleCount = size
    formula = qrencoder.QRUtil.getMask(mask)
    rows = [0] * size
    for column, row in blank.dataPosIterator():
        if formula(row, column):
            rows[row] |= 1 << (size - 1 - column)
    return tuple(rows)


def _score(rows: list[int], size: int) -> int:
    """ReportLab's `QRUtil.getLostPoint` of a grid given as one integer per row."""
    lines = [format(row, f"0{size}b") for row in rows]
    across = "|".join(lines)  # a run or a pattern never reaches over "|" into the next line
    down = "|".join("".join(column) for column in zip(*lines, strict=True))
    # Rule 1: a run of five or more modules of one colour, across or down, costs its length
    # less two.
    runs = sum(len(run) - 2 for run in _RUN.findall(f"{across}|{down}"))
    # Rule 2: each 2x2 square of one colour costs 3.
    pairs = (1 << (size - 1)) - 1  # bit k and bit k+1 both inside the row
    squares = 0
    for upper, lower in itertools.pairwise(rows):
        same_down = ~(upper ^ lower)
        same_across = ~(upper ^ (upper >> 1))
        squares += (same_down & (same_down >> 1) & same_across & pairs).bit_count()
    # Rule 3: the finder-like pattern costs 40, across only (ReportLab compares a column's
    # tuple with its list of the pattern, which is never equal).
    finders = len(_FINDER_LIKE.findall(across))
    # Rule 4: the share of dark modules away from half, in steps of 5%, costs 10 a step.
    dark = sum(row.bit_count() for row in rows)
    balance = 10 * (abs(100 * dark // (size * size) - 50) // 5)
    return runs + 3 * squares + 40 * finders + balance
