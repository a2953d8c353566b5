"""Privacy Desk: the privacy paperwork of a small practice, kept straight."""

from functools import cache


@cache
def version() -> str:
    """This program's version, as pyproject.toml sets it (the one place it is written).

    Read from the installed metadata, which the frozen build carries too. Asked only when
    shown (About, `--version`, a PDF's metadata): importlib.metadata costs a window start
    about 30 ms it need not pay.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("privacy-desk")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"
