"""Pictures of the outputs for the README: a sheet of the workbook rendered as a PNG.

A researcher deciding whether the project is for them should see what they get before
installing anything.  ``make pictures`` writes ``docs/summary_sheet.png`` (the first
rows of the workbook's Summary sheet, drawn with matplotlib and the CJK font of the
figures, so no spreadsheet application is needed) and ``docs/figure_example.png`` (a
copy of one chart of ``make figures``).
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import textwrap
from pathlib import Path

from analysis import paths
from analysis.files import write_atomic
from analysis.formats import fmt_number

DOCS = paths.ROOT / "docs"
SUMMARY_PNG = "summary_sheet.png"
FIGURE_PNG = "figure_example.png"
EXAMPLE_FIGURE = "03_cities_beds.png"
MAX_ROWS = 40
MAX_COLS = 9
WRAP = 56


def _cells(xlsx: Path, sheet: int | str, max_rows: int, max_cols: int) -> list[list[object]]:
    """The sheet's first non-empty rows (merged cells hold their value in the first cell)."""
    import openpyxl

    book = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
    ws = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    rows = [list(values) for values in ws.iter_rows(min_row=1, max_row=max_rows,
                                                    max_col=max_cols, values_only=True)
            if any(v is not None for v in values)]
    book.close()
    used = max((j + 1 for row in rows for j, v in enumerate(row) if v is not None), default=1)
    return [(row + [None] * used)[:used] for row in rows]


def _text(value: object, width: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return fmt_number(value)  # the one number rule (no unit: up to two decimals)
    text = str(value).replace("\n", " ")
    return "\n".join(textwrap.wrap(text, width)) or text


def _layout(raw: list[list[object]]) -> list[tuple[str, list[str], int]]:
    """Each row as (kind, wrapped cells, lines): a title, a label and its value, a line of
    text across the sheet (merged cells), or a table row."""
    out = []
    n_cols = len(raw[0]) if raw else 1
    for i, row in enumerate(raw):
        filled = [j for j, v in enumerate(row) if v is not None]
        if i == 0:
            cells, kind = [_text(row[0], 140)], "title"
        elif filled == [0]:
            cells, kind = [_text(row[0], 100)], "line"
        elif filled == [0, 1]:
            cells, kind = [_text(row[0], 34), _text(row[1], 78)], "pair"
        else:
            width = [40] + [14] * (n_cols - 1)
            cells, kind = [_text(v, width[j]) for j, v in enumerate(row)], "table"
        out.append((kind, cells, max(c.count("\n") + 1 for c in cells)))
    return out


def render_sheet(xlsx: Path | str, out: Path | str, sheet: int | str = 0,
                 max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS) -> Path:
    """Draw the first rows of a sheet as a PNG (150 dpi), merged cells across; returns ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.outputs.fonts import use_cjk_font

    use_cjk_font()
    raw = _cells(Path(xlsx), sheet, max_rows, max_cols)
    rows = _layout(raw)
    n_cols = len(raw[0]) if raw else 1
    line_in = 0.155
    height = sum(lines * line_in + 0.06 for _, _, lines in rows) + 0.2
    fig = plt.figure(figsize=(12, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 12)
    ax.set_ylim(height, 0)
    ax.axis("off")
    xs = [0.15] + [0.15 + 3.3 + k * (8.5 / max(n_cols - 1, 1)) for k in range(n_cols - 1)]
    y = 0.1
    for kind, cells, lines in rows:
        h = lines * line_in + 0.06
        if kind == "title":
            ax.add_patch(plt.Rectangle((0.05, y), 11.9, h, color="#1F4E79"))
            ax.text(0.15, y + 0.03, cells[0], color="white", fontsize=9, va="top")
        elif kind == "line":
            ax.text(0.15, y + 0.03, cells[0], fontsize=7.5, va="top")
        elif kind == "pair":
            ax.text(0.15, y + 0.03, cells[0], fontsize=7.5, va="top", color="#1F4E79")
            ax.text(2.6, y + 0.03, cells[1], fontsize=7.5, va="top")
        else:
            for x, text in zip(xs, cells, strict=True):
                ax.text(x, y + 0.03, text, fontsize=7.5, va="top")
        y += h
        ax.plot([0.05, 11.95], [y, y], color="#D9D9D9", linewidth=0.5)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, metadata={"Software": None})
    plt.close(fig)
    return write_atomic(Path(out), buf.getvalue())


def write_pictures(workbook: Path | str = paths.WORKBOOK, figures: Path | str = paths.FIGURES,
                   out_dir: Path | str = DOCS) -> list[Path]:
    """docs/summary_sheet.png and docs/figure_example.png from the built outputs."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [render_sheet(workbook, out_dir / SUMMARY_PNG)]
    example = Path(figures) / EXAMPLE_FIGURE
    if not example.exists():
        raise FileNotFoundError(f"{example} does not exist; run `make figures` first")
    shutil.copyfile(example, out_dir / FIGURE_PNG)
    written.append(out_dir / FIGURE_PNG)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="pictures of the outputs for the README")
    p.add_argument("--workbook", default=str(paths.WORKBOOK))
    p.add_argument("--figures", default=str(paths.FIGURES))
    p.add_argument("--out", default=str(DOCS))
    args = p.parse_args(argv)
    try:
        for path in write_pictures(args.workbook, args.figures, args.out):
            print(f"wrote {paths.relative_path(path, paths.ROOT)}")
    except (FileNotFoundError, OSError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
