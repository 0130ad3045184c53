"""A table as one Python list per column: what a build assembles and writes to the store.

The build only gathers rows, filters, sorts and concatenates them before DuckDB takes
them; it never needed pandas for that, and importing pandas (with numpy) was 0.2 s of
every build, a fifth of an incremental one. The store takes a :class:`Table` row by row
through DuckDB's appender (see ``analysis.store.schema``): no numpy either.

A missing value is ``None`` (never NaN, NA or NaT). Reading code may take a pandas
DataFrame as well: ``columns``, ``len()``, ``empty`` and ``table[column]`` (an iterable of
the column's values) mean the same on both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


class Table:
    """Rows of named columns, held column by column.

    ``data`` gives each column's values (all of one length); a name of ``columns`` it
    lacks is a column of None; a key not among ``columns`` is left out.
    """

    __slots__ = ("columns", "data")

    def __init__(self, columns: Iterable[str], data: Mapping[str, Sequence[Any]] | None = None
                 ) -> None:
        self.columns = list(columns)
        data = data or {}
        lengths = {len(v) for v in data.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of unequal length: {sorted(lengths)}")
        n = lengths.pop() if lengths else 0
        self.data: dict[str, list[Any]] = {
            c: list(data[c]) if c in data else [None] * n for c in self.columns}

    @classmethod
    def from_records(cls, columns: Iterable[str], records: Iterable[Mapping[str, Any]]
                     ) -> Table:
        """One row per mapping; a key it lacks is None."""
        columns = list(columns)
        records = list(records)
        return cls(columns, {c: [r.get(c) for r in records] for c in columns})

    @classmethod
    def from_rows(cls, columns: Iterable[str], rows: Iterable[Sequence[Any]]) -> Table:
        """One row per sequence of values in ``columns`` order (a query's ``fetchall()``)."""
        columns = list(columns)
        values = list(zip(*rows, strict=True))
        if not values:
            return cls(columns)
        return cls(columns, dict(zip(columns, values, strict=True)))

    @classmethod
    def from_query(cls, cursor: Any) -> Table:
        """The result of a DuckDB query just executed on ``cursor`` (dates as ``date``)."""
        columns = [d[0] for d in cursor.description]
        return cls.from_rows(columns, cursor.fetchall())

    def __len__(self) -> int:
        return len(self.data[self.columns[0]]) if self.columns else 0

    @property
    def empty(self) -> bool:
        return len(self) == 0

    def __getitem__(self, column: str) -> list[Any]:
        return self.data[column]

    def __setitem__(self, column: str, values: Sequence[Any]) -> None:
        """Set (or add, at the end) a column."""
        if self.columns and len(values) != len(self):
            raise ValueError(f"column {column!r}: {len(values)} values for {len(self)} rows")
        if column not in self.data:
            self.columns.append(column)
        self.data[column] = list(values)

    def __repr__(self) -> str:
        return f"Table({len(self)} rows: {', '.join(self.columns)})"

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts."""
        names = self.columns
        return [dict(zip(names, row, strict=True))
                for row in zip(*(self.data[c] for c in names), strict=True)]

    def rows(self, *columns: str) -> Iterator[tuple[Any, ...]]:
        """The values of ``columns`` (default: all), row by row."""
        return zip(*(self.data[c] for c in (columns or self.columns)), strict=True)

    def take(self, index: Iterable[int]) -> Table:
        """The rows at ``index``, in that order."""
        index = list(index)
        return Table(self.columns, {c: [v[i] for i in index] for c, v in self.data.items()})

    def where(self, keep: Callable[[dict[str, Any]], bool] | Sequence[bool]) -> Table:
        """The rows for which ``keep`` (a mask, or a test of the row's dict) is true."""
        mask = keep if not callable(keep) else [keep(r) for r in self.records()]
        return self.take(i for i, k in enumerate(mask) if k)

    def select(self, columns: Iterable[str]) -> Table:
        """These columns in this order; one the table lacks is None."""
        return Table(columns, self.data)

    def sorted_by(self, column: str) -> Table:
        """Rows in ascending order of ``column`` (stable: ties keep their order)."""
        values = self.data[column]
        return self.take(sorted(range(len(values)), key=values.__getitem__))

    @staticmethod
    def concat(tables: Iterable[Table], columns: Iterable[str] | None = None) -> Table:
        """The rows of every table in turn, in ``columns`` (default: the first's)."""
        tables = list(tables)
        names = list(columns) if columns is not None else (tables[0].columns if tables else [])
        out: dict[str, list[Any]] = {c: [] for c in names}
        for t in tables:
            n = len(t)
            for c in names:
                out[c].extend(t.data[c] if c in t.data else [None] * n)
        return Table(names, out)

    def to_frame(self) -> pd.DataFrame:
        """As a pandas DataFrame (for a researcher or a test; the build never needs it)."""
        import pandas as pd

        return pd.DataFrame({c: self.data[c] for c in self.columns}, columns=self.columns)
