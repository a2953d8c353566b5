"""A disk that fills up, for real, where a document's file is written.

Documents are written through a temporary file (app/services/document_files.py); from the
`number`-th one on, it is opened on /dev/full, where every write fails with ENOSPC as on a
full disk.
"""

from __future__ import annotations

import os
import tempfile

import pytest

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


def full_from_file(number: int, monkeypatch) -> list[str]:
    """From the `number`-th temporary file on, the disk is full; returns the names handed out."""
    made = tempfile.mkstemp
    handed: list[str] = []

    def full_disk(*args, **kwargs):
        descriptor, name = made(*args, **kwargs)
        handed.append(name)
        if len(handed) >= number:
            os.close(descriptor)
            os.unlink(name)
            descriptor = os.open("/dev/full", os.O_WRONLY)
        return descriptor, name

    monkeypatch.setattr(tempfile, "mkstemp", full_disk)
    return handed
