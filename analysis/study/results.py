"""Fitted event-study results: labelled ``params``, ``std_errors``, ``tstats``,
``pvalues``, ``summary()`` and the CAAR battery (:meth:`EventStudyResults.caar`).

May import: ``analysis.study.caar``, ``analysis.study.panel``, ``analysis.study.summary``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.study.caar import caar_table
from analysis.study.panel import UnitPanel
from analysis.study.summary import Summary, SummaryMixin
from analysis.windows import Window

AR_COLUMNS: tuple[str, ...] = (
    "event_id", "ticker", "model", "rel_day", "date", "ret", "expected", "ar",
)
CAR_COLUMNS: tuple[str, ...] = (
    "event_id", "ticker", "model", "window", "day0", "car", "car_se", "scar", "t_stat",
    "p_value", "p_sq", "n_est", "flags", "reason", "cluster_id", "event_day", "category",
    "direction",
)
EVENT_STUDY_COLUMNS: tuple[str, ...] = (
    "event_id", "ticker", "model", "window", "day0", "car", "car_se", "t_stat", "p_value",
    "p_sq", "n_est", "flags", "scar", "reason", "cluster_id", "event_day", "category",
    "direction",
)
"""Columns of ``event_study.csv``, in file order (the CAR table as written)."""
PARAM_COLUMNS: tuple[str, ...] = (
    "event_id", "ticker", "model", "day0", "alpha", "beta", "sigma", "n_est", "n_missing",
    "dof",
)


def _concat(parts: list[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=list(columns))
    out = pd.concat(parts, ignore_index=True)
    lead = [c for c in columns if c in out.columns]
    return out[lead + [c for c in out.columns if c not in lead]]


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


class EventStudyResults(SummaryMixin):
    """Fitted event study: labelled frames ``ar``, ``car``, ``params`` and tests.

    Attributes
    ----------
    ar : pd.DataFrame
        ``event_id, ticker, model, rel_day, date, ret, expected, ar``.
    car : pd.DataFrame
        One row per event x ticker x model x window (see :data:`CAR_COLUMNS`); events
        that could not be studied keep their row with ``NaN`` statistics and a reason.
    """

    def __init__(self, car: pd.DataFrame, ar: pd.DataFrame, params: pd.DataFrame,
                 panels: list[UnitPanel], settings: list[dict[str, Any]]) -> None:
        self.car = car
        self.ar = ar
        self._params = params
        self.panels = panels
        self.settings = settings

    @classmethod
    def concat(cls, results: Sequence[EventStudyResults]) -> EventStudyResults:
        """Stack several fits (e.g. one per model) into one results object."""
        return cls(
            car=_concat([r.car for r in results], CAR_COLUMNS),
            ar=_concat([r.ar for r in results], AR_COLUMNS),
            params=_concat([r._params for r in results], PARAM_COLUMNS),
            panels=[p for r in results for p in r.panels],
            settings=[s for r in results for s in r.settings],
        )

    def _indexed(self, column: str) -> pd.Series:
        return self.car.set_index(["event_id", "ticker", "model", "window"])[column]

    @property
    def params(self) -> pd.DataFrame:
        """Per event/asset/model ``alpha``, ``beta``, ``sigma``, ``n_est``, ``dof``."""
        return self._params.set_index(["event_id", "ticker", "model"])

    @property
    def cars(self) -> pd.Series:
        """CAR indexed by event, ticker, model, window."""
        return self._indexed("car")

    @property
    def std_errors(self) -> pd.Series:
        r"""Standard error :math:`\sqrt{\gamma' V \gamma}` of each CAR."""
        return self._indexed("car_se")

    @property
    def tstats(self) -> pd.Series:
        """t statistic (= SCAR) of each CAR."""
        return self._indexed("t_stat")

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-value of each CAR (t distribution, estimation dof)."""
        return self._indexed("p_value")

    def summary(self) -> Summary:
        """Compact table of CARs with stars, rendered as text or HTML."""
        cols = ["event_id", "ticker", "model", "window", "day0", "car", "car_se", "t_stat",
                "p_value", "n_est", "reason"]
        table = self.car[cols].copy()
        table["day0"] = pd.to_datetime(table["day0"]).dt.strftime("%Y-%m-%d").fillna("")
        n_bad = int(self.car["car"].isna().sum())
        models = ", ".join(sorted({str(s["model"]) for s in self.settings}))
        notes = [f"models: {models}; rows: {len(self.car)}; without a CAR: {n_bad}",
                 "Var(CAR) = gamma' V gamma with V from MacKinlay (1997); t ~ t(dof_est)."]
        return Summary.from_table("Event study: cumulative abnormal returns", table, notes)

    def caar(
        self,
        by: Sequence[str] = ("category", "direction"),
        window: str | Window | Sequence[str | Window] | None = None,
        n_permutations: int = 1000,
        seed: int = 0,
        tests: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Cross-event test battery, per ticker, model, group and window.

        See :func:`analysis.study.caar.caar_table` for the statistics.
        """
        return caar_table(self.panels, by=by, window=window, n_permutations=n_permutations,
                                    seed=seed, tests=tests)
