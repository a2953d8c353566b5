"""Writing made documents to disk whole: all the files of one export, or none of them.

Each file goes to a temporary file in its own folder, is flushed to the disk (fsync), and only
then renamed over its name; the records of an export are committed after its files are all
in place (documents.py), so a record never names a file that was not written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.domain.errors import N_, ValidationError
from app.persistence import durable
from app.persistence.errors import DiskFull

OWNER_ONLY = 0o600  # letters and notices name clients: like everything in the data folder


def write_all_whole(files: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """Write every (path, data); on any failure none of them is left, and it is said in words.

    Raises:
        DiskFull: the disk filled up.
        ValidationError: the folder or a file could not be written (field "out").
    """
    staged: list[tuple[str, Path]] = []
    placed: list[Path] = []
    try:
        for path, data in files:
            staged.append((_write_temporary(path, data), path))
        for temporary, path in staged:
            os.replace(temporary, path)
            placed.append(path)
        for folder in {path.parent for path in placed}:
            durable.sync_folder(folder)
    except BaseException as error:
        for temporary, _path in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        remove_written(placed)
        if isinstance(error, OSError):
            failed = files[min(len(staged), len(files) - 1)][0]
            raise _in_words(error, failed.parent) from None
        raise
    return placed


def remove_written(paths: Sequence[Path]) -> None:
    """Take back files an export wrote when its records could not be saved after all."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _write_temporary(path: Path, data: bytes) -> str:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # a file system without modes (FAT) keeps its own
            os.chmod(temporary, OWNER_ONLY)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def _in_words(error: OSError, folder: Path) -> Exception:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(
            N_(
                "The disk is full, so the documents were not written. "
                "Free some space and try again."
            )
        )
    return ValidationError(
        "out",
        # The system's reason (strerror) comes in the system's language.
        N_("Cannot write into {folder} ({reason}), so the documents were not written."),
        folder=folder,
        reason=error.strerror or type(error).__name__,
    )
