"""The one-folder build runs: the window's smoke check and the headless commands (make dist-check).

Not collected by `make test` (pyproject's norecursedirs): it needs `make dist` first, a minute
of building. Each run starts on a fresh data folder, as a new user's first start does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / "dist" / "privacy-desk" / "privacy-desk"  # where `make dist` puts it
FROZEN = Path(os.environ.get("PRIVACY_DESK_FROZEN") or BUILT)
PASSPHRASE = "frozen build check passphrase"

# What only a Linux build has or does: X11's cursor library, the display check, install.sh.
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="Linux desktops only")
pytestmark = pytest.mark.skipif(
    not FROZEN.is_file(), reason=f"no build at {FROZEN}: run `make dist-check`"
)


def run_frozen(*arguments: str, data: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        # The test keyring lives in this repository's tests, which the build does not carry:
        # keyring's fail backend means "no keyring", so the passphrase opens the practice.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PRIVACY_DESK_PASSPHRASE": PASSPHRASE,
        "QT_QPA_PLATFORM": "offscreen",
    }
    environment.pop("PRIVACY_DESK_HOME", None)
    return subprocess.run(
        [str(FROZEN), "--data-dir", str(data), *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def succeeded(finished: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert finished.returncode == 0, (finished.returncode, finished.stdout, finished.stderr)
    return finished


def test_the_built_window_opens_a_new_practice_and_paints(tmp_path):
    finished = succeeded(run_frozen("--smoke", data=tmp_path / "practice"))

    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report["shown_s"] > 0
    # Created through the shipped migrations (Alembic read them from the bundle's folder).
    assert (tmp_path / "practice" / "privacy-desk.sqlite3").is_file()


def test_the_built_window_opens_in_chinese_on_a_demo_practice(tmp_path):
    succeeded(run_frozen("demo", "--clients", "5", data=tmp_path / "practice"))

    finished = succeeded(run_frozen("--smoke", "--lang", "zh", data=tmp_path / "practice"))

    assert "shown_s" in finished.stdout


def test_the_built_commands_fill_check_and_print_a_fresh_practice(tmp_path):
    practice = tmp_path / "practice"
    notice = tmp_path / "notice.pdf"

    demo = succeeded(run_frozen("demo", "--clients", "20", data=practice))
    check = succeeded(run_frozen("check", "--json", data=practice))
    succeeded(run_frozen("export", "notice", "--generic", "--out", str(notice), data=practice))

    assert "20 clients" in demo.stdout
    assert json.loads(check.stdout)["ok"] is True
    text = "".join(page.extract_text() for page in PdfReader(notice).pages)
    assert "Riverside Strength Coaching" in text  # the demo practice, with its address formatted


def test_the_built_program_prints_chinese_and_the_qr_code_of_an_opt_out_form(tmp_path):
    practice = tmp_path / "practice"
    form = tmp_path / "form.pdf"
    succeeded(run_frozen("demo", "--clients", "5", data=practice))
    clients = json.loads(succeeded(run_frozen("clients", "list", "--json", data=practice)).stdout)

    succeeded(
        run_frozen(
            "export",
            "optout-form",
            "--client",
            clients[0]["ref"],
            "--lang",
            "zh",
            "--out",
            str(form),
            data=practice,
        )
    )

    page = PdfReader(form).pages[0]
    assert "选择退出" in page.extract_text()  # the bundled CJK font, embedded
    assert clients[0]["ref"] in page.extract_text()


def test_a_headless_command_in_the_build_needs_no_display(tmp_path):
    environment_without_display = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    finished = subprocess.run(
        [str(FROZEN), "--data-dir", str(tmp_path / "practice"), "due", "--json"],
        env={
            **{k: v for k, v in os.environ.items() if k not in environment_without_display},
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PRIVACY_DESK_PASSPHRASE": PASSPHRASE,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    assert isinstance(json.loads(finished.stdout), list)


@linux_only
def test_the_built_window_without_a_display_says_so_and_exits_1(tmp_path):
    without_display = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    finished = subprocess.run(
        [str(FROZEN), "--data-dir", str(tmp_path / "practice"), "--lang", "en"],
        env={k: v for k, v in os.environ.items() if k not in without_display},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 1, finished.stderr
    assert finished.stderr.strip().startswith("Privacy Desk needs a display to open its window")


@linux_only
def test_the_build_carries_libxcb_cursor_so_the_desktop_needs_not_install_it():
    # PyInstaller copies what Qt's X11 plugin links to from the build machine (Debian's
    # libxcb-cursor0 here); app/ui/display.py counts that copy as present.
    assert list((FROZEN.parent / "_internal").glob("libxcb-cursor.so*"))


@linux_only
def test_the_build_installed_in_a_home_folder_runs_from_its_menu_entry_path(tmp_path):
    home = tmp_path / "home"
    installer = ROOT / "packaging" / "linux" / "install.sh"
    environment = {"HOME": str(home), "PATH": os.environ["PATH"]}
    installed = subprocess.run(
        ["sh", str(installer), str(FROZEN.parent)], env=environment, capture_output=True,
        text=True, timeout=300, check=False,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    entry = home / ".local" / "share" / "applications" / "org.privacydesk.PrivacyDesk.desktop"
    program = next(
        line.split("=", 1)[1] for line in entry.read_text().splitlines() if line.startswith("Exec=")
    )

    succeeded(run_frozen("demo", "--clients", "3", data=tmp_path / "practice"))
    finished = subprocess.run(
        [program, "--data-dir", str(tmp_path / "practice"), "clients", "list", "--json"],
        env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
             "PRIVACY_DESK_PASSPHRASE": PASSPHRASE},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert finished.returncode == 0, finished.stderr
    assert len(json.loads(finished.stdout)) == 3
    removed = subprocess.run(
        ["sh", str(installer), "--uninstall"], env=environment, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert removed.returncode == 0 and not entry.exists()


@pytest.mark.skipif(sys.platform == "linux", reason="Windows and macOS builds only")
def test_windows_and_macos_builds_start_the_window_from_a_program_without_a_console():
    # The Start menu entry (packaging/windows/privacy-desk.iss) and the app bundle start it.
    windowed = FROZEN.parent / ("Privacy Desk.exe" if sys.platform == "win32" else "Privacy Desk")
    assert windowed.is_file()
