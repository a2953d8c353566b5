"""Reading generated PDFs back: text, positions of text, fonts, pictures of pages, QR codes."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdf


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def normalised(text: str) -> str:
    """Whitespace runs become one space: the only liberty taken with extracted text."""
    return " ".join(text.split())


def text_of(data: bytes) -> str:
    return normalised(" ".join(page.extract_text() for page in reader(data).pages))


def page_texts(data: bytes) -> list[str]:
    return [normalised(page.extract_text()) for page in reader(data).pages]


def text_positions(data: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """(text, x, y) of every text run drawn on a page, in page coordinates (points)."""
    runs: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((text, x, y))

    reader(data).pages[page].extract_text(visitor_text=visit)
    return runs


def fonts(data: bytes) -> dict[str, bool]:
    """Every font the file uses (pages and forms) -> whether its program is embedded."""
    found: dict[str, bool] = {}

    def walk(resources) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader(data).pages:
        walk(page.get("/Resources"))
    return found


def have(tool: str) -> bool:
    """Whether a PDF tool is installed; where the tools are required (CI sets
    PRIVACY_DESK_PDF_TOOLS=required after installing them), a missing one fails the run
    instead of skipping the tests that need it."""
    found = shutil.which(tool) is not None
    if not found and os.environ.get("PRIVACY_DESK_PDF_TOOLS") == "required":
        raise RuntimeError(f"{tool} is required here but not installed")
    return found


def page_png(data: bytes, folder: Path, dpi: int = 150, page: int = 1) -> Path:
    source = folder / "document.pdf"
    source.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
         str(source), str(folder / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return folder / "page.png"


def decode_qr(data: bytes, dpi: int = 150) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        picture = page_png(data, Path(folder), dpi)
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(picture)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    return [line for line in result.stdout.splitlines() if line]


def lines_above(data: bytes, marker: str) -> tuple[int, int]:
    """(page index, lines of text above it on that page) of the first run starting with
    `marker`; lines are told apart by their baselines."""
    for page in range(len(reader(data).pages)):
        runs = text_positions(data, page)
        found = [y for text, _x, y in runs if text.strip().startswith(marker)]
        if found:
            return page, len({round(y) for _text, _x, y in runs if y > found[0] + 1})
    raise AssertionError(f"{marker!r} is not in the document")


def word_boxes(data: bytes, page: int = 0) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, y0, x1, y1) of every word poppler finds on a page, in page coordinates
    (points, origin bottom left), each box from the font's ascent to its descent."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(data)
        result = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(source), "-"],
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', result.stdout)[1])
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
        result.stdout,
    )
    return [
        (html.unescape(word), float(x0), height - float(y1), float(x1), height - float(y0))
        for x0, y0, x1, y1, word in words
    ]
