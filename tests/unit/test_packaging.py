"""An installed wheel carries what the app reads at run time, not only the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_wheel_carries_migrations_translations_and_resources(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("privacy_desk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected_sources = {
        str(path.relative_to(ROOT)).replace("resources/", "app/resources/", 1)
        for folder in ("app", "resources")
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected_sources <= names, sorted(expected_sources - names)
    assert "app/persistence/migrations/script.py.mako" in names
    assert any(name.startswith("app/persistence/migrations/versions/0001") for name in names)
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "privacy-desk = app.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
