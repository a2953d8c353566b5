"""Small building blocks the documents share: tick boxes, signature lines, QR code, tables."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.documents import styles as css
from app.documents.fonts import LATIN
from app.documents.qr_matrix import qr_modules


def table_style(commands: Sequence[tuple]) -> TableStyle:
    """A TableStyle whose plain-string cells use our font: ReportLab's default is the
    non-embedded Helvetica, even for an empty cell."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), LATIN), *commands])


class TickBox(Flowable):
    """An empty square to tick by hand, with its label to the right."""

    def __init__(self, label: Paragraph, size: float = css.TICK_BOX_SIZE, gap: float = 2 * mm):
        super().__init__()
        self.label = label
        self.size = size
        self.gap = gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _, label_height = self.label.wrap(available_width - self.size - self.gap, available_height)
        self.height = max(self.size, label_height)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setStrokeColor(css.INK)
        canv.setLineWidth(0.8)
        box_y = self.height - self.size - 0.6
        canv.rect(0, box_y, self.size, self.size, stroke=1, fill=0)
        _, label_height = self.label.wrap(self.width - self.size - self.gap, self.height)
        self.label.drawOn(canv, self.size + self.gap, self.height - label_height)


def tick_box(label: Paragraph) -> TickBox:
    return TickBox(label)


class QrCode(Flowable):
    """A QR code of `value`, `size` points square, its quiet zone included.

    ISO/IEC 18004 asks for a light margin of four modules on every side; the code is
    scaled so that the whole square, margin and all, is `size`. Encoded once and drawn as
    one filled path of each row's dark runs: ReportLab's widget encodes twice and builds a
    shape per run, 40 ms a code, which a personal notice paid on every copy. The encoding
    is ReportLab's, its mask chosen faster (qr_matrix).
    """

    quiet_zone = 4  # modules

    def __init__(self, value: str, size: float = css.QR_SIZE) -> None:
        super().__init__()
        self.value = value
        self.width = self.height = size
        self._modules = qr_modules(value)

    @property
    def module(self) -> float:
        """The side of one module, in points."""
        return self.width / (len(self._modules) + 2 * self.quiet_zone)

    def _dark_runs(self) -> list[tuple[float, float, float]]:
        """(x, y, width) of each horizontal run of dark modules, y from the bottom."""
        side, count = self.module, len(self._modules)
        runs = []
        for row_number, row in enumerate(self._modules):
            y = (count - 1 - row_number + self.quiet_zone) * side
            column = 0
            for dark, cells in itertools.groupby(row):
                length = len(list(cells))
                if dark:
                    runs.append(((column + self.quiet_zone) * side, y, length * side))
                column += length
        return runs

    def dark_box(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) around the dark modules, in the flowable's own coordinates."""
        runs, side = self._dark_runs(), self.module
        return (
            min(x for x, _y, _w in runs),
            min(y for _x, y, _w in runs),
            max(x + w for x, _y, w in runs),
            max(y for _x, y, _w in runs) + side,
        )

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv, side = self.canv, self.module
        path = canv.beginPath()
        for x, y, width in self._dark_runs():
            path.rect(x, y, width, side)
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()


def signature_block(labels: Sequence[Paragraph], width: float) -> Table:
    """Lines to sign and date on, each with its label under it."""
    gap = 8 * mm
    column = (width - gap * (len(labels) - 1)) / len(labels)
    cells: list = []
    widths: list[float] = []
    for index, label in enumerate(labels):
        if index:
            cells.append("")
            widths.append(gap)
        cells.append(label)
        widths.append(column)
    table = Table([cells], colWidths=widths, rowHeights=None)
    commands = [
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for index in range(0, len(cells), 2):
        commands.append(("LINEABOVE", (index, 0), (index, 0), 0.8, css.INK))
    table.setStyle(table_style(commands))
    return KeepTogether([Spacer(1, 14 * mm), table])


def keep_with_ending(
    preceding: Sequence[Flowable], ending: Sequence[Flowable], width: float, lines: int = 2
) -> list[Flowable]:
    """`preceding` then `ending` (the signature), which never stands alone on a page.

    The ending is kept on one page with the last paragraphs before it, at least `lines`
    lines of them at this `width`. A block that is not a paragraph (a question box, lines to
    fill in) right before the ending is kept with it whole; a table further up gives its
    last row (under its repeated header), so that a long table is never carried over whole.
    """
    kept: list[Flowable] = []
    count = 0
    for flowable in reversed(preceding):
        if count >= lines:
            break
        if isinstance(flowable, Paragraph):
            flowable.wrap(width, 10_000)
            count += len(flowable.blPara.lines)
        elif isinstance(flowable, Table) and count:
            rest = list(preceding[: len(preceding) - len(kept) - 1])
            return [*rest, TableThenEnding(flowable, [*kept, *ending])]
        elif not isinstance(flowable, Spacer):
            if count:
                break
            count = lines
        kept.insert(0, flowable)
    while kept and isinstance(kept[0], Spacer):  # a page never starts with a gap
        kept.pop(0)
    rest = list(preceding[: len(preceding) - len(kept)])
    return [*rest, KeepTogether(_unnested([*kept, *ending]))]


def _unnested(flowables: Sequence[Flowable]) -> list[Flowable]:
    """The contents of KeepTogethers inside a KeepTogether: ReportLab measures a nested one
    wrongly and moved a consent form's last question and signature to a page of their own
    when they fitted under the first question."""
    flat: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            flat.extend(_unnested(flowable._content))
        else:
            flat.append(flowable)
    return flat


class TableThenEnding(Flowable):
    """A table and the flowables after it, which never start a page without its last row."""

    def __init__(self, table: Table, tail: Sequence[Flowable]) -> None:
        super().__init__()
        self.table = table
        self.tail = _unnested(tail)
        self._tail: list[tuple[float, float, float]] = []  # (space before, height, after)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, table_height = self.table.wrap(available_width, available_height)
        self._tail = [
            (child.getSpaceBefore(), child.wrap(available_width, 10_000)[1], child.getSpaceAfter())
            for child in self.tail
        ]
        self.width = available_width
        self.height = table_height + sum(sum(parts) for parts in self._tail)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        rows = self.table._rowHeights
        header = sum(rows[: self.table.repeatRows])
        # Here only rows that leave at least the last one for the next page.
        room = min(available_height, sum(rows[:-1]) - 0.01)
        if len(rows) - self.table.repeatRows < 2 or room <= header:
            return []  # all of it on the next page
        parts = self.table.split(available_width, room)
        if len(parts) != 2:
            return []
        return [parts[0], TableThenEnding(parts[1], self.tail)]

    def draw(self) -> None:
        y = self.height - self.table._height
        self.table.drawOn(self.canv, 0, y)
        for child, (before, height, after) in zip(self.tail, self._tail, strict=True):
            y -= before + height
            child.drawOn(self.canv, 0, y)
            y -= after


class RowSplittingTable(Table):
    """A table whose rows may go on over the next page, split inside a row only at the top
    of a page.

    Below other content ReportLab split between rows, then tried the rest (the header
    repeated, then the rows left) in what was left of the same page, where, allowed to split
    inside a row, it put a second header mid-page above the first lines of a row and the
    rest of that row on the next page. Below other content the table now splits between rows
    only; a row that does not fit starts the next page, and splits there if it is taller.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)  # set by the frame while it asks for a split
        if frame is None or frame._atTop:
            return super().split(availWidth, availHeight)
        in_row, self.splitInRow = self.splitInRow, 0
        try:
            parts = super().split(availWidth, availHeight)
        finally:
            self.splitInRow = in_row
        for part in parts:
            part.splitInRow = in_row  # made while it was off
        return parts


def grid(
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    *,
    header: bool = True,
    shade_first_column: bool = False,
    split_in_row: bool = False,
) -> Table:
    """A light table: thin rules between rows, the header row shaded. `split_in_row` lets a
    row taller than what is left of the page (a long typed text) go on over the next."""
    table = (RowSplittingTable if split_in_row else Table)(
        list(map(list, rows)),
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        splitInRow=1 if split_in_row else 0,
    )
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, css.RULE),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), css.SHADE))
    if shade_first_column:
        commands.append(("BACKGROUND", (0, 0), (0, -1), css.SHADE))
    table.setStyle(table_style(commands))
    return table


def beside_code(value: str, flowables: Sequence[Flowable], width: float) -> Table:
    """`flowables` with a QR code of `value` to their right, top-aligned: a `mailto:` link a
    client's phone camera opens as an email already addressed and titled."""
    code = QrCode(value, css.MAIL_QR_SIZE)
    gap = 3 * mm
    table = Table([[list(flowables), code]], colWidths=[width - code.width - gap, code.width + gap])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def boxed(flowables: Sequence[Flowable], width: float) -> Table:
    """Flowables in a thin frame with a tinted background (a callout)."""
    table = Table([[list(flowables)]], colWidths=[width])
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, css.ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), css.SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return table


class StaticBlock(Flowable):
    """Flowables that print the same in every copy of a document, drawn once per PDF.

    The first copy in a PDF draws the children into a form XObject; every copy then shows
    that form. A batch of 1,000 notices so lays out and draws each shared paragraph once,
    and the file carries it once. Reuse one instance across the documents of a batch (it
    keeps no per-document state). A block taller than `max_height` (a page) falls back to
    its children so that it can split across pages. In a PDF of one document the children
    are drawn in place: no other copy would show the form.
    """

    def __init__(self, children: Sequence[Flowable], max_height: float) -> None:
        super().__init__()
        self.children = list(children)
        self.max_height = max_height
        self._wrapped_for: float | None = None
        self.width = self.height = 0.0
        self._heights: list[tuple[float, float, float]] = []  # (space before, height, after)
        first, last = self.children[0], self.children[-1]
        self.spaceBefore = first.getSpaceBefore()
        self.spaceAfter = last.getSpaceAfter()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped_for != available_width:
            heights = []
            for index, child in enumerate(self.children):
                _, height = child.wrap(available_width, 10_000)
                before = child.getSpaceBefore() if index else 0.0
                after = child.getSpaceAfter() if index < len(self.children) - 1 else 0.0
                heights.append((before, height, after))
            self._heights = heights
            self.width = available_width
            self.height = sum(before + height + after for before, height, after in heights)
            self._wrapped_for = available_width
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        if self.height > self.max_height:
            return list(self.children)
        return []

    def draw(self) -> None:
        # Platypus marks a flowable it moved to the next page and never unmarks it; a block
        # still marked in the next document of a batch would count as "too large".
        self.__dict__.pop("_postponed", None)
        canv = self.canv
        if not canv.__dict__.get("pd_blocks_shared", True):
            # The only document of its PDF: nothing will show the block again, and a form
            # XObject per block costs more to write than it saves (a notice: 10-40% of it).
            self._draw_children(canv)
            return
        names: dict[int, str] = canv.__dict__.setdefault("pd_static_forms", {})
        name = names.get(id(self))
        if name is None:
            name = f"PDStatic{len(names)}"
            names[id(self)] = name
            canv.beginForm(name, -5, -5, self.width + 5, self.height + 5)
            self._draw_children(canv)
            canv.endForm()
        canv.doForm(name)

    def _draw_children(self, canv) -> None:
        y = self.height
        for child, (before, height, after) in zip(self.children, self._heights, strict=True):
            y -= before + height
            child.drawOn(canv, 0, y)
            y -= after


class FactList(Flowable):
    """Label/value rows with a thin rule under each: a light two-column table.

    Cheaper than a Table of Paragraphs, which wraps every cell twice (to size the rows,
    then again to draw them): a notice has a few hundred such cells.
    """

    padding = 2.5

    def __init__(self, rows: Sequence[tuple[Paragraph, Paragraph]], label_width: float) -> None:
        super().__init__()
        self.rows = list(rows)
        self.label_width = label_width
        self._layout: list[tuple[float, float, float]] = []  # (row height, label h, value h)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        value_width = available_width - self.label_width - 2 * self.padding
        layout = []
        for label, value in self.rows:
            _, label_height = label.wrap(self.label_width - self.padding, 10_000)
            _, value_height = value.wrap(value_width, 10_000)
            height = max(label_height, value_height) + 2 * self.padding + 0.5
            layout.append((height, label_height, value_height))
        self._layout = layout
        self.width = available_width
        self.height = sum(row[0] for row in layout)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setStrokeColor(css.RULE)
        canv.setLineWidth(0.3)
        y = self.height
        for (label, value), (height, label_height, value_height) in zip(
            self.rows, self._layout, strict=True
        ):
            top = y - self.padding
            label.drawOn(canv, self.padding, top - label_height)
            value.drawOn(canv, self.label_width + self.padding, top - value_height)
            y -= height
            canv.line(0, y, self.width, y)
