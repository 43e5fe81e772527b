"""The History tab's chart, drawn with Altair: lines with a dot per session, one distinct colour per series and the
legend in rows under the plot. (Gradio's own line plot draws no dots, so a single session showed an empty chart.)"""

from __future__ import annotations

from typing import Any, Literal

import altair as alt
import pandas as pd

# Vega's categorical schemes: ten clearly distinct colours, and twenty for the per-criterion view when it needs more.
_SCHEMES: tuple[tuple[int, Literal["tableau10", "tableau20"]], ...] = ((10, "tableau10"), (20, "tableau20"))


def progress_chart(records: list[dict[str, Any]], title: str) -> alt.LayerChart | None:
    """Average score (1-5) per session over time, one line per series (`when`, `series`, `score` records); None when
    there is nothing to draw yet."""
    if not records:
        return None
    frame = pd.DataFrame(records, columns=["when", "series", "score"])
    series = sorted(frame["series"].unique())
    scheme: Literal["tableau10", "tableau20"] = next((n for size, n in _SCHEMES if len(series) <= size), "tableau20")
    base = alt.Chart(frame).encode(
        x=alt.X("when:O", title="Session", sort="ascending", axis=alt.Axis(labelAngle=-30, labelLimit=160)),
        # Several answers in one session (per-criterion view) are averaged into one dot.
        y=alt.Y("mean(score):Q", title="Average score (1-5)", scale=alt.Scale(domain=[1, 5])),
        color=alt.Color(
            "series:N",
            title=None,
            sort=series,
            scale=alt.Scale(scheme=scheme),
            legend=alt.Legend(orient="bottom", columns=3, labelLimit=0, symbolType="circle"),
        ),
        tooltip=[
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("when:O", title="Session"),
            alt.Tooltip("mean(score):Q", title="Average", format=".1f"),
        ],
    )
    lines = base.mark_line(strokeWidth=2)
    dots = base.mark_point(filled=True, size=80, opacity=1)
    chart: alt.LayerChart = (lines + dots).properties(title=title, width=860, height=300)
    return chart
