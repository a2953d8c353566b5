"""The QR modules we draw are ReportLab's own, module for module: only the mask is chosen
faster, by the same scores."""

import random
import string

import pytest
from reportlab.graphics.barcode import qrencoder

from app.documents.qr_matrix import qr_modules


def reportlab_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    return tuple(tuple(bool(cell) for cell in row) for row in code.modules)


def some_values() -> list[str]:
    """Texts of every length a notice, a form or a mail link gives, and longer (versions 1
    to 17, past the version-7 blocks), with the mailto link of a notice among them."""
    pick = random.Random(18004)
    alphabet = string.ascii_letters + string.digits + "%:@.?=-_/ "
    values = ["ABC-DEFG", "mailto:coach@example.org?subject=Privacy%3A%20client%20ABC-DEFG"]
    for length in (1, 7, 20, 33, 50, 74, 90, 120, 160, 230, 300, 400, 520):
        values += ["".join(pick.choice(alphabet) for _ in range(length)) for _ in range(4)]
    return values


@pytest.mark.parametrize("value", some_values())
def test_the_code_is_the_one_reportlab_makes(value):
    assert qr_modules(value) == reportlab_modules(value)


def test_the_values_tried_reach_past_version_seven():
    sides = {len(qr_modules(value)) for value in some_values()}
    assert min(sides) == 21 and max(sides) > 7 * 4 + 17
