"""Linux desktop integration (packaging/linux): menu entry, AppStream metadata, icons, install.

The validators come from Debian's desktop-file-utils and appstream (`make system-packages`);
without them those two tests skip, except where CI requires them
(PRIVACY_DESK_DESKTOP_TOOLS=required).
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "org.privacydesk.PrivacyDesk"
DESKTOP_FILE = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
INSTALL = PACKAGING / "linux" / "install.sh"
ICON_SIZES = (16, 32, 48, 64, 128, 256)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("PRIVACY_DESK_DESKTOP_TOOLS") == "required":
            raise RuntimeError(f"{name} is required here but not installed")
        pytest.skip(f"{name} is not installed (make system-packages)")
    return found


def desktop_entry(path: Path = DESKTOP_FILE) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_the_menu_entry_passes_desktop_file_validate():
    finished = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP_FILE)], capture_output=True, text=True
    )
    assert finished.returncode == 0 and not finished.stdout.strip(), finished.stdout


def test_the_appstream_metadata_passes_appstreamcli_validate():
    finished = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--strict", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr


def test_the_metadata_names_this_version_the_menu_entry_and_shipped_screenshots():
    component = ElementTree.parse(METAINFO).getroot()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]

    assert component.findtext("id") == APP_ID
    assert component.find("releases/release").get("version") == version  # newest first
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    assert component.find("content_rating").get("type") == "oars-1.1"
    images = [Path(image.text).name for image in component.iter("image")]
    assert images, "no screenshots"
    missing = [name for name in images if not (PACKAGING / "screenshots" / name).is_file()]
    assert not missing, missing


def test_the_menu_entry_starts_the_program_with_its_own_icon():
    entry = desktop_entry()

    assert entry["Exec"] == "privacy-desk"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"


def test_the_icons_are_drawn_at_every_size_desktops_ask_for():
    for size in ICON_SIZES:
        assert png_size(PACKAGING / "icons" / f"privacy-desk-{size}.png") == (size, size)
    svg = ElementTree.parse(PACKAGING / "icons" / "privacy-desk.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"


def a_build(folder: Path, says: str) -> Path:
    """A stand-in for make dist's folder: a program that prints what it was given."""
    folder.mkdir(parents=True)
    program = folder / "privacy-desk"
    program.write_text(f'#!/bin/sh\necho "{says} $*"\n')
    program.chmod(0o755)
    (folder / "_internal").mkdir()
    return folder


def run_install(home: Path, *arguments: str) -> subprocess.CompletedProcess:
    environment = {"HOME": str(home), "PATH": os.environ["PATH"]}
    return subprocess.run(
        ["sh", str(INSTALL), *arguments], env=environment, capture_output=True, text=True
    )


def installed_files(home: Path) -> list[Path]:
    share = home / ".local" / "share"
    return [
        share / "applications" / f"{APP_ID}.desktop",
        share / "metainfo" / f"{APP_ID}.metainfo.xml",
        share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        *(share / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in ICON_SIZES),
    ]


def test_installing_for_a_user_puts_the_program_menu_entry_icons_and_metadata_in_home(
    tmp_path,
):
    home = tmp_path / "home"
    build = a_build(tmp_path / "build", says="first")

    finished = run_install(home, str(build))

    assert finished.returncode == 0, finished.stderr
    for path in installed_files(home):
        assert path.is_file(), path
    program = home / ".local" / "lib" / "privacy-desk" / "privacy-desk"
    entry = desktop_entry(installed_files(home)[0])
    assert entry["Exec"] == str(program)  # a full path: ~/.local/bin is not always on PATH
    link = home / ".local" / "bin" / "privacy-desk"
    assert subprocess.run([str(link), "--smoke"], capture_output=True, text=True).stdout == (
        "first --smoke\n"
    )


def test_installing_again_replaces_the_program_and_uninstalling_removes_only_ours(tmp_path):
    home = tmp_path / "home"
    records = home / ".local" / "share" / "PrivacyDesk"  # the practice's data folder
    records.mkdir(parents=True)
    (records / "privacy-desk.sqlite3").write_bytes(b"records")
    others = home / ".local" / "share" / "applications" / "other.desktop"
    others.parent.mkdir(parents=True)
    others.write_text("[Desktop Entry]\n")
    run_install(home, str(a_build(tmp_path / "old", says="old")))

    assert run_install(home, str(a_build(tmp_path / "new", says="new"))).returncode == 0
    link = home / ".local" / "bin" / "privacy-desk"
    assert subprocess.run([str(link)], capture_output=True, text=True).stdout == "new \n"

    finished = run_install(home, "--uninstall")

    assert finished.returncode == 0, finished.stderr
    assert not any(path.exists() for path in installed_files(home))
    assert not (home / ".local" / "lib" / "privacy-desk").exists()
    assert not link.exists() and not link.is_symlink()
    assert others.is_file()
    assert (records / "privacy-desk.sqlite3").read_bytes() == b"records"


def test_installing_without_a_build_says_how_to_make_one_and_installs_nothing(tmp_path):
    home = tmp_path / "home"

    finished = run_install(home, str(tmp_path / "nothing-here"))

    assert finished.returncode == 1
    assert "run make dist first" in finished.stderr
    assert not any(path.exists() for path in installed_files(home))
