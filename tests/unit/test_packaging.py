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


ICONS = ROOT / "packaging" / "icons"
INSTALLER = ROOT / "packaging" / "windows" / "privacy-desk.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "dist.yml"
SPEC = ROOT / "packaging" / "privacy-desk.spec"


def test_the_windows_and_macos_icons_hold_every_size_those_systems_pick_from():
    from PIL import Image

    with (
        Image.open(ICONS / "privacy-desk.ico") as ico,
        Image.open(ICONS / "privacy-desk.icns") as icns,
    ):
        ico_sizes, icns_sizes = set(ico.info["sizes"]), {size[:2] for size in icns.info["sizes"]}

    assert ico_sizes >= {(size, size) for size in (16, 24, 32, 48, 256)}
    assert icns_sizes >= {(16, 16), (32, 32), (128, 128), (256, 256), (512, 512)}


def test_the_windows_installer_packs_the_build_the_spec_makes_and_starts_its_windowed_program():
    script = INSTALLER.read_text(encoding="utf-8")
    spec = SPEC.read_text(encoding="utf-8")

    def setting(name: str) -> str:
        return next(
            line.split("=", 1)[1].strip()
            for line in script.splitlines()
            if line.startswith(f"{name}=")
        )

    # Paths in the script are relative to its own folder, as Inno Setup reads them.
    icon = INSTALLER.parent / setting("SetupIconFile").replace("\\", "/")
    assert icon.resolve() == (ICONS / "privacy-desk.ico").resolve() and icon.is_file()
    assert '..\\..\\dist\\privacy-desk\\*"' in script  # COLLECT(name=NAME) in dist/
    assert 'NAME = "privacy-desk"' in spec
    assert 'name="Privacy Desk",\n        console=False' in spec  # what the Start menu opens
    assert '{app}\\Privacy Desk.exe"' in script
    # Never repeated here: the version comes from pyproject.toml through the workflow.
    assert setting("AppVersion") == "{#AppVersion}"
    assert setting("AppId") == "{{245B56A9-29F3-57E6-8088-36B19BD6F31E}"  # never changes


def test_the_build_workflow_runs_the_spec_the_frozen_checks_and_the_installer_that_exist():
    workflow = WORKFLOW.read_text(encoding="utf-8")

    assert "packaging/privacy-desk.spec" in workflow and SPEC.is_file()
    assert "packaging\\windows\\privacy-desk.iss" in workflow and INSTALLER.is_file()
    assert "pytest -q -p no:cacheprovider tests/packaging" in workflow
    for runner in ("ubuntu-", "windows-", "macos-"):
        assert f"os: {runner}" in workflow
    # Where each build puts the console program the frozen checks run.
    assert "frozen: dist/privacy-desk/privacy-desk.exe" in workflow
    assert 'name="Privacy Desk.app"' in SPEC.read_text(encoding="utf-8")
    assert "frozen: dist/Privacy Desk.app/Contents/MacOS/privacy-desk" in workflow
