"""Columns built in Rust (``materiel-py/src/frame.rs``) made into one pandas DataFrame.

Each column arrives whole: numbers as packed little-endian bytes with a missing-value mask,
text and categories as their distinct values and an array of codes. Nothing here runs per row.
"""

import numpy as np
import pandas as pd

# The dtype pandas gives text of its own accord: `str` under pandas 3 (or with
# `future.infer_string`), `object` under pandas 2. A text column always has it, even when
# every cell is empty (an all-`None` column would otherwise stay `object` under pandas 3).
_TEXT = pd.Series(["text"]).dtype


def _mask(raw):
    return np.frombuffer(raw, dtype=np.bool_)


def _column(kind, raw, extra):
    if kind == "int":
        return pd.arrays.IntegerArray(np.frombuffer(raw, dtype="<i8").copy(), _mask(extra).copy())
    if kind == "float":
        return np.frombuffer(raw, dtype="<f8").copy()
    if kind == "bool":
        return pd.arrays.BooleanArray(_mask(raw).copy(), _mask(extra).copy())
    if kind in ("date", "timestamp"):
        unit = "s" if kind == "date" else "us"
        values = np.frombuffer(raw, dtype="<i8").astype(f"datetime64[{unit}]")
        values[_mask(extra)] = np.datetime64("NaT")
        series = pd.Series(values, copy=False)
        return series.dt.tz_localize("UTC") if kind == "timestamp" else series
    if kind == "category":
        return pd.Categorical.from_codes(np.frombuffer(raw, dtype="<i4"), categories=extra)
    if kind == "text":
        # Code -1 (an empty cell) picks the None put last.
        values = np.empty(len(extra) + 1, dtype=object)
        values[: len(extra)] = extra
        column = values[np.frombuffer(raw, dtype="<i4")]
        return column if _TEXT == object else pd.array(column, dtype=_TEXT)
    raise ValueError(f"unknown column kind {kind!r}")


def frame(columns):
    """The DataFrame of ``columns``, a list of ``(name, kind, data, extra)``."""
    return pd.DataFrame({name: _column(kind, raw, extra) for name, kind, raw, extra in columns})
