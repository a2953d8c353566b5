"""Small files written whole or not at all, and renames that survive a power cut.

The key file and the anchors are replaced by a rename: a kill leaves the old file or the new
one, never half of either (and perhaps the `.partial` copy, which the next start removes).
"""

from __future__ import annotations

import os
from pathlib import Path

PARTIAL_SUFFIX = ".partial"
OWNER_ONLY = 0o600


def partial_of(file: Path) -> Path:
    """Where `write_whole` puts the new content before its rename."""
    return file.with_name(file.name + PARTIAL_SUFFIX)


def write_whole(file: Path, data: bytes) -> None:
    """`data` as `file`, owner-only: written beside it, flushed to the disk, renamed over it,
    and the rename itself flushed."""
    partial = partial_of(file)
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, OWNER_ONLY)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, file)
    sync_folder(file.parent)


def sync_folder(folder: Path) -> None:
    """A rename is on the disk once its folder's entry is (POSIX; Windows cannot open a
    folder, and NTFS journals the rename itself)."""
    if os.name != "posix":  # pragma: no cover
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
