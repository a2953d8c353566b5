"""Lists written as CSV files that a spreadsheet opens safely, Chinese names included."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from app.domain.errors import DomainError
from app.domain.spreadsheet import spreadsheet_safe
from app.ui.text import _

__all__ = ["spreadsheet_safe", "write_csv"]


def write_csv(path: Path, header: Sequence[str], lines: Sequence[Sequence[str]]) -> int:
    """UTF-8 with a byte order mark, so Excel shows Chinese names; returns the rows written."""
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows([spreadsheet_safe(cell) for cell in line] for line in lines)
    except OSError as error:
        raise DomainError(
            _("Could not write {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    return len(lines)
