"""Lists written as CSV: safe in a spreadsheet."""

from __future__ import annotations

from app.ui.csv_export import spreadsheet_safe


def test_a_cell_that_looks_like_a_formula_is_not_run_by_a_spreadsheet():
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("王伟") == "王伟"
    assert spreadsheet_safe("") == ""
