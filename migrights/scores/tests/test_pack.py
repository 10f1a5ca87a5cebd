"""An edition's stored tables: the text pandas writes, read back as the same frame."""

from __future__ import annotations

import gzip
import io

import numpy as np
import pandas as pd

from migrights.scores.models import pack


def test_a_packed_table_is_the_text_pandas_writes_and_reads_back_the_same():
    frame = pd.DataFrame(
        {
            "country": pd.array(["PHL", "FRA", "MEX", "PHL"], dtype="str"),
            "year": np.array([2020, 2020, 2021, 2021], dtype="int64"),
            "code": pd.array(['LAB, "1"', "overall", None, "=SUM(A1)"], dtype="str"),
            "score": [61.25, -0.0, np.nan, 1e-05],
            "rank": [1.0, np.nan, 3.0, 12345678901234.5],
            "flagged": [True, False, False, True],
        }
    )
    text = gzip.decompress(pack(frame)).decode()
    assert text == frame.to_csv(index=False)
    back = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
