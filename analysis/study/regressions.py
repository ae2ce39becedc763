"""Event-dummy regressions: abnormal returns as coefficients of event indicators.

One regression per asset over a sample of sessions,

.. math::

    R_t = \\alpha + \\beta R_{m,t} + \\sum_k \\gamma_k D_{k,t} + \\varepsilon_t ,

fitted by OLS (statsmodels). The dummies are one of

* ``"day"``: one dummy per event, equal to one on the event's day 0 only;
  :math:`\\hat\\gamma_k` is then exactly the market-model abnormal return of day 0 with
  the other sessions of the sample as estimation window, and its OLS variance is
  MacKinlay's (1997) :math:`\\hat\\sigma^2[1 + x_0'(X'X)^{-1}x_0]`;
* ``"window"``: one dummy per event, equal to one on every session of the event
  window :math:`[a, b]`; :math:`\\hat\\gamma_k` is the average daily abnormal return and
  :math:`L_k\\hat\\gamma_k` the implied CAR over the :math:`L_k` sessions it covers;
* ``"category"``: one dummy per group of events (by default category and direction,
  e.g. every tariff-escalation day shares one dummy), one on every session of every
  group member's window.

Robust (HC) and HAC covariances are refused for a dummy that covers a single session:
OLS fits that session exactly, its residual is zero, and the "robust" variance of the
coefficient collapses towards zero (an event with t = 2.8 under OLS reached t = 38.7
under HC0). They are meaningful for group dummies that cover many sessions.

Day 0 comes from :func:`analysis.market.day0.locate_day0`, the rule the event study uses.
May import: ``analysis.market``, ``analysis.windows``, ``analysis.study.eventstudy``,
``analysis.study.summary``.
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from analysis.io import AnalysisError
from analysis.market.day0 import locate_day0
from analysis.study.eventstudy import parse_event_dates
from analysis.study.summary import Summary
from analysis.windows import as_window

DUMMY_TYPES: tuple[str, ...] = ("day", "window", "category")
ROBUST_COV_TYPES: tuple[str, ...] = ("HC0", "HC1", "HC2", "HC3", "HAC")
COV_TYPES: tuple[str, ...] = ("nonrobust", *ROBUST_COV_TYPES)
DEFAULT_GROUP_BY: tuple[str, ...] = ("category", "direction")

CONST_TERM = "const"
MARKET_TERM = "market"

TERM_COLUMNS: tuple[str, ...] = (
    "term", "kind", "event_ids", "category", "direction", "n_days", "first_day", "last_day",
)
NOTE_COLUMNS: tuple[str, ...] = ("event_id", "reason")
COEF_COLUMNS: tuple[str, ...] = ("term", "coef", "std_err", "t_stat", "p_value")
IMPLIED_CAR_COLUMNS: tuple[str, ...] = (
    "term", "n_days", "car", "car_se", "t_stat", "p_value",
)
"""Columns of :meth:`EventDummyResults.car` (not the event study's CAR table)."""
WALD_COLUMNS: tuple[str, ...] = (
    "hypothesis", "estimate", "std_err", "statistic", "df_num", "df_denom", "p_value",
)


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventDummyResults:
    """Fitted event-dummy regression for one asset.

    Attributes
    ----------
    ticker, spec : str
        The asset and a compact description of the specification
        (mean model, dummy type, window).
    params, std_errors, tstats, pvalues : pandas.Series
        Indexed by term: ``const``, ``market`` (absent under the constant mean), then
        one term per dummy (``event:<id>`` or ``group:<category>/<direction>``).
    nobs, df_resid : int
        Sessions in the regression and residual degrees of freedom.
    sigma2 : float
        :math:`\\hat\\sigma^2 = \\hat\\varepsilon'\\hat\\varepsilon/(n - k)`.
    cov_type : str
        ``nonrobust`` (default) or the robust/HAC type used.
    terms : pandas.DataFrame
        One row per dummy: the events it covers, their category/direction, the number
        of sessions it is one on, its first and last session.
    notes : pandas.DataFrame
        Events that got no dummy, or a changed one, with the reason (month precision,
        outside the sample, day 0 shared with another event, ...).
    ols : statsmodels RegressionResults
        The underlying statsmodels results.
    """

    ticker: str
    spec: str
    dummies: str
    window: tuple[int, int]
    cov_type: str
    params: pd.Series
    std_errors: pd.Series
    tstats: pd.Series
    pvalues: pd.Series
    nobs: int
    df_resid: int
    sigma2: float
    terms: pd.DataFrame
    notes: pd.DataFrame
    ols: Any = field(repr=False)
    hac_lags: int | None = None

    # -- tables ----------------------------------------------------------------------
    def coef_table(self) -> pd.DataFrame:
        """Tidy coefficient table: term, coef, std_err, t_stat, p_value."""
        out = pd.DataFrame({
            "term": self.params.index.astype(str),
            "coef": self.params.to_numpy(),
            "std_err": self.std_errors.to_numpy(),
            "t_stat": self.tstats.to_numpy(),
            "p_value": self.pvalues.to_numpy(),
        })
        return out.loc[:, list(COEF_COLUMNS)]

    def car(self) -> pd.DataFrame:
        """Implied cumulative abnormal return of every dummy term.

        A dummy that is one on :math:`L` sessions of one event window measures the
        average daily abnormal return, so the window's CAR and its standard error are

        .. math::

            \\widehat{CAR} = L\\,\\hat\\gamma, \\qquad
            \\operatorname{se}(\\widehat{CAR}) = L\\,\\operatorname{se}(\\hat\\gamma).

        For event terms :math:`L` is the number of sessions the dummy covers (fewer than
        :math:`b-a+1` when the sample cuts the window); for group terms it is the
        nominal window length :math:`b-a+1` (the CAR of a typical member event).
        """
        if self.terms.empty:
            return pd.DataFrame(columns=list(IMPLIED_CAR_COLUMNS))
        width = self.window[1] - self.window[0] + 1
        lengths = np.where(
            self.terms["kind"].eq("group"), width, self.terms["n_days"].to_numpy()
        ).astype(float)
        names = self.terms["term"].tolist()
        gamma = self.params.loc[names].to_numpy()
        se = self.std_errors.loc[names].to_numpy()
        car = lengths * gamma
        car_se = lengths * se
        t_stat = car / car_se
        p_value = self._p_from_t(t_stat)
        return pd.DataFrame({
            "term": names, "n_days": lengths.astype(int), "car": car, "car_se": car_se,
            "t_stat": t_stat, "p_value": p_value,
        }).loc[:, list(IMPLIED_CAR_COLUMNS)]

    def _p_from_t(self, t_stat: np.ndarray) -> np.ndarray:
        # statsmodels uses the normal for robust covariances and Student t otherwise;
        # follow it so CAR p-values match the coefficients'.
        if self.ols.use_t:
            return 2.0 * stats.t.sf(np.abs(t_stat), self.df_resid)
        return 2.0 * stats.norm.sf(np.abs(t_stat))

    # -- tests -----------------------------------------------------------------------
    def wald_test(
        self,
        hypothesis: str | Mapping[str, float] | np.ndarray | tuple[np.ndarray, np.ndarray],
        *,
        label: str | None = None,
    ) -> pd.DataFrame:
        """Wald (F) test of linear restrictions :math:`R\\gamma = q` on the coefficients.

        .. math::

            F = \\frac{1}{J}\\,(R\\hat\\theta - q)'
                \\left[R\\,\\widehat{\\operatorname{Cov}}(\\hat\\theta)\\,R'\\right]^{-1}
                (R\\hat\\theta - q) \\sim F(J, n - k),

        with :math:`J` restrictions, computed by statsmodels' ``f_test`` with the fitted
        covariance (so a HAC fit gives a HAC Wald test).

        Parameters
        ----------
        hypothesis
            A statsmodels constraint string in term names
            (``"group:talks/escalation = group:tariff/escalation"``), a mapping
            ``{term: weight}`` for the single restriction :math:`\\sum w\\theta = 0`, an
            ``R`` matrix (rows of weights over ``params``), or a tuple ``(R, q)``.
        label
            Text for the ``hypothesis`` column; defaults to the string or a rendering
            of the weights.

        Returns
        -------
        pandas.DataFrame
            One row: hypothesis, estimate and std_err of :math:`R\\hat\\theta - q` (for a
            single restriction, else NaN), statistic (F), df_num, df_denom, p_value.
        """
        names = list(self.params.index)
        if isinstance(hypothesis, str):
            if label is None:
                label = hypothesis
            try:
                test = self.ols.f_test(hypothesis)
            except Exception as exc:  # patsy/formulaic raise many types on bad text
                raise AnalysisError(
                    f"{self.ticker}: cannot parse hypothesis {hypothesis!r} "
                    f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
                ) from None
            single = round(float(test.df_num)) == 1
            if single:
                # t_test reports R theta and its se; t * se recovers R theta - q.
                tt = self.ols.t_test(hypothesis)
                estimate = float(np.squeeze(tt.tvalue) * np.squeeze(tt.sd))
                std_err = float(np.squeeze(tt.sd))
            else:
                estimate = std_err = float("nan")
        else:
            if isinstance(hypothesis, Mapping):
                unknown = [k for k in hypothesis if k not in names]
                if unknown:
                    raise AnalysisError(
                        f"{self.ticker}: unknown term(s) in hypothesis: {', '.join(unknown)}"
                    )
                R = np.array([[float(hypothesis.get(n, 0.0)) for n in names]])
                q = np.zeros(1)
                if label is None:
                    label = " + ".join(f"{w:g}*{k}" for k, w in hypothesis.items()) + " = 0"
            elif isinstance(hypothesis, tuple):
                R = np.atleast_2d(np.asarray(hypothesis[0], dtype=float))
                q = np.atleast_1d(np.asarray(hypothesis[1], dtype=float))
            else:
                R = np.atleast_2d(np.asarray(hypothesis, dtype=float))
                q = np.zeros(R.shape[0])
            if R.shape[1] != len(names):
                raise AnalysisError(
                    f"{self.ticker}: restriction matrix has {R.shape[1]} columns, "
                    f"the model has {len(names)} coefficients"
                )
            test = self.ols.f_test((R, q))
            if label is None:
                label = "R theta = q"
            theta = self.params.to_numpy()
            cov = np.asarray(self.ols.cov_params())
            if R.shape[0] == 1:
                estimate = float(R[0] @ theta - q[0])
                std_err = float(np.sqrt(R[0] @ cov @ R[0]))
            else:
                estimate = std_err = float("nan")
        return pd.DataFrame([{
            "hypothesis": label,
            "estimate": estimate,
            "std_err": std_err,
            "statistic": float(np.squeeze(test.fvalue)),
            "df_num": round(float(test.df_num)),
            "df_denom": float(test.df_denom),
            "p_value": float(np.squeeze(test.pvalue)),
        }]).loc[:, list(WALD_COLUMNS)]

    def equal_effects(self, by: str, a: str, b: str) -> pd.DataFrame:
        """Test that events with ``by == a`` and ``by == b`` have equal average effects.

        With :math:`K_a` dummy terms whose events all have ``by == a`` (and
        :math:`K_b` for ``b``), the single restriction is

        .. math::

            \\frac{1}{K_a}\\sum_{k \\in a} \\gamma_k - \\frac{1}{K_b}\\sum_{k \\in b} \\gamma_k = 0,

        which with one group dummy per side is simply :math:`\\gamma_a = \\gamma_b`.

        Parameters
        ----------
        by : {"category", "direction"}
            Event attribute that defines the two sides.
        a, b : str
            The two values compared (``"talks"`` and ``"tariff"``, or ``"escalation"``
            and ``"de-escalation"``).

        Returns
        -------
        pandas.DataFrame
            One row as from :meth:`wald_test`, labelled ``"wald: a = b"``. When a side
            has no term the statistic is NaN and ``hypothesis`` says why.
        """
        if by not in ("category", "direction"):
            raise AnalysisError(f"equal_effects: 'by' must be category or direction, not {by!r}")
        label = f"wald: {a} = {b}"
        side_a = self.terms.loc[self.terms[by].eq(a), "term"].tolist()
        side_b = self.terms.loc[self.terms[by].eq(b), "term"].tolist()
        if not side_a or not side_b:
            missing = a if not side_a else b
            row = {c: float("nan") for c in WALD_COLUMNS}
            row["hypothesis"] = f"{label} (not testable: no {missing} dummy in the sample)"
            row["df_num"] = 0
            return pd.DataFrame([row]).loc[:, list(WALD_COLUMNS)]
        weights: dict[str, float] = dict.fromkeys(side_a, 1.0 / len(side_a))
        for term in side_b:
            weights[term] = weights.get(term, 0.0) - 1.0 / len(side_b)
        return self.wald_test(weights, label=label)

    # -- display ---------------------------------------------------------------------
    def summary(self) -> Summary:
        """Specification, coefficients, implied CARs and notes; text or notebook HTML."""
        return Summary(self._text(), self._repr_html_())

    def _text(self) -> str:
        head = (
            f"Event-dummy regression: {self.ticker}, {self.spec}\n"
            f"nobs={self.nobs}  df_resid={self.df_resid}  sigma^2={self.sigma2:.6g}  "
            f"cov={self.cov_type}"
            + (f" (lags={self.hac_lags})" if self.hac_lags is not None else "")
        )
        parts = [head, self.coef_table().to_string(index=False, float_format=_fmt)]
        if self.dummies != "day" and not self.terms.empty:
            parts.append("Implied CAR per dummy:\n" + self.car().to_string(
                index=False, float_format=_fmt))
        if not self.notes.empty:
            parts.append("Notes:\n" + self.notes.to_string(index=False))
        return "\n\n".join(parts)

    def __str__(self) -> str:
        return self._text()

    def _repr_html_(self) -> str:
        blocks = [
            f"<p><b>Event-dummy regression</b>: {html.escape(self.ticker)}, "
            f"{html.escape(self.spec)}<br>nobs={self.nobs}, df_resid={self.df_resid}, "
            f"&sigma;&sup2;={self.sigma2:.6g}, cov={html.escape(self.cov_type)}</p>",
            self.coef_table().to_html(index=False, float_format=_fmt),
        ]
        if self.dummies != "day" and not self.terms.empty:
            blocks.append("<p>Implied CAR per dummy</p>"
                          + self.car().to_html(index=False, float_format=_fmt))
        if not self.notes.empty:
            blocks.append("<p>Notes</p>" + self.notes.to_html(index=False))
        return "\n".join(blocks)


def _fmt(x: float) -> str:
    return f"{x:.6g}"


# --------------------------------------------------------------------------------------
# Estimator
# --------------------------------------------------------------------------------------
class EventDummyRegression:
    """Event-dummy regression of one asset's returns on the market and event indicators.

    .. math::

        R_t = \\alpha + \\beta R_{m,t} + \\sum_k \\gamma_k D_{k,t} + \\varepsilon_t

    Parameters
    ----------
    returns : pandas.Series
        The asset's returns indexed by session date (NaN = no session for the asset).
    market : pandas.Series or None
        Market returns on the same kind of index; ``None`` drops :math:`\\beta R_{m,t}`
        (constant mean, used when the asset is the market itself).
    events : pandas.DataFrame
        ``event_id`` and ``date`` (ISO day), optionally ``timing``, ``category``,
        ``direction``, ``date_precision``, ``assets`` (tickers separated by ``;`` or
        ``,``; empty = every asset) and ``day0`` (a precomputed session date, which
        then replaces the calendar mapping).
    ticker : str
        The asset's ticker: names it in messages and picks its exchange calendar for
        day 0 (:func:`analysis.market.calendars.map_day0`).
    market_name : str, optional
        Shown in the specification label.
    """

    def __init__(
        self,
        returns: pd.Series,
        market: pd.Series | None,
        events: pd.DataFrame,
        ticker: str,
        *,
        market_name: str = "market",
    ) -> None:
        self.ticker = str(ticker)
        self.returns = _check_series(returns, self.ticker)
        self.market = None if market is None else _check_series(market, f"{market_name}")
        self.market_name = market_name
        missing = [c for c in ("event_id", "date") if c not in events.columns]
        if missing:
            raise AnalysisError(f"events: missing column(s) {', '.join(missing)}")
        if events["event_id"].duplicated().any():
            dup = events.loc[events["event_id"].duplicated(), "event_id"].iloc[0]
            raise AnalysisError(f"events: duplicate event_id {dup!r}")
        self.events = events.reset_index(drop=True)

    # ---------------------------------------------------------------------------------
    def fit(
        self,
        dummies: str = "day",
        window: tuple[int, int] = (0, 0),
        group_by: Sequence[str] = DEFAULT_GROUP_BY,
        cov_type: str = "nonrobust",
        hac_lags: int | None = None,
        sample: tuple[Any, Any] | pd.DatetimeIndex | None = None,
    ) -> EventDummyResults:
        """Fit the regression.

        Parameters
        ----------
        dummies : {"day", "window", "category"}
            One dummy per event on day 0, per event on its window, or per group.
        window : tuple of int
            Event window :math:`[a, b]` in sessions relative to day 0 (``"window"`` and
            ``"category"``; ``"day"`` always uses day 0 alone).
        group_by : sequence of str
            Event columns that define the groups of ``"category"`` dummies.
        cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3", "HAC"}
            Coefficient covariance. Robust types are refused when a dummy covers a
            single session (its residual is exactly zero).
        hac_lags : int, optional
            Newey-West lags; default :math:`\\lfloor 4 (n/100)^{2/9} \\rfloor`.
        sample : (start, end) or DatetimeIndex, optional
            Sessions used: an inclusive date span, or an explicit set of sessions (e.g.
            an event study's estimation window plus its event days). Default: all.

        Returns
        -------
        EventDummyResults
        """
        if dummies not in DUMMY_TYPES:
            raise AnalysisError(
                f"unknown dummy type {dummies!r}; use one of {', '.join(DUMMY_TYPES)}"
            )
        if cov_type not in COV_TYPES:
            raise AnalysisError(f"unknown cov_type {cov_type!r}; use one of {', '.join(COV_TYPES)}")
        a, b = as_window(window)
        if dummies == "day":
            a, b = 0, 0
        group_by = tuple(group_by)
        if dummies == "category":
            missing = [c for c in group_by if c not in self.events.columns]
            if missing:
                raise AnalysisError(
                    f"events: category dummies need column(s) {', '.join(missing)}"
                )

        sessions = self.returns.dropna().index
        frame = self._design_frame(sample)
        mine, notes = _events_for(self.events, self.ticker)
        located, day0_notes = locate_events(mine, self.ticker, sessions)
        notes = pd.concat([notes, day0_notes], ignore_index=True)
        spans, more_notes = _event_sessions(located, sessions, frame.index, (a, b))
        notes = pd.concat([notes, more_notes], ignore_index=True)
        if dummies == "category":
            terms, D, merge_notes = _group_dummies(located, spans, frame.index, group_by)
        else:
            terms, D, merge_notes = _event_dummies(located, spans, frame.index)
        notes = pd.concat([notes, merge_notes], ignore_index=True)

        X = frame.drop(columns="y")
        X = pd.concat([X, D], axis=1)
        y = frame["y"]
        self._check_rank(X)
        _check_cov(cov_type, terms, hac_lags, self.ticker)
        model = sm.OLS(y, X)
        if cov_type == "HAC":
            lags = hac_lags if hac_lags is not None else _default_hac_lags(len(y))
            ols = model.fit(cov_type="HAC", cov_kwds={"maxlags": lags})
        elif cov_type == "nonrobust":
            lags = None
            ols = model.fit()
        else:
            lags = None
            ols = model.fit(cov_type=cov_type)

        mean = (f"market({self.market_name})" if self.market is not None
                else "constant(asset is the market)")
        label = {"day": "day", "window": "window",
                 "category": "/".join(group_by)}[dummies]
        spec = f"{mean}+{label}[{a}:{b}]"
        notes = notes.sort_values("event_id", kind="stable").reset_index(drop=True)
        return EventDummyResults(
            ticker=self.ticker,
            spec=spec,
            dummies=dummies,
            window=(a, b),
            cov_type=cov_type,
            params=ols.params.rename("coef"),
            std_errors=ols.bse.rename("std_err"),
            tstats=ols.tvalues.rename("t_stat"),
            pvalues=ols.pvalues.rename("p_value"),
            nobs=int(ols.nobs),
            df_resid=round(float(ols.df_resid)),
            sigma2=float(ols.scale),
            terms=terms,
            notes=notes.loc[:, list(NOTE_COLUMNS)],
            ols=ols,
            hac_lags=lags,
        )

    # ---------------------------------------------------------------------------------
    def _design_frame(self, sample: tuple[Any, Any] | pd.DatetimeIndex | None) -> pd.DataFrame:
        """y, const and market on the sessions where every regressor is observed."""
        cols: dict[str, pd.Series] = {"y": self.returns}
        if self.market is not None:
            cols[MARKET_TERM] = self.market
        frame = pd.concat(cols, axis=1, join="inner" if self.market is not None else "outer")
        frame = frame.dropna()
        frame.insert(1, CONST_TERM, 1.0)
        if sample is not None:
            if isinstance(sample, pd.DatetimeIndex):
                keep = frame.index.isin(sample)
            else:
                if len(sample) != 2:
                    raise AnalysisError("sample must be (start, end) or a DatetimeIndex")
                start, end = (pd.Timestamp(s) if s is not None else None for s in sample)
                keep = np.ones(len(frame), dtype=bool)
                if start is not None:
                    keep &= frame.index >= start
                if end is not None:
                    keep &= frame.index <= end
            frame = frame.loc[keep]
        if len(frame) < 3:
            raise AnalysisError(f"{self.ticker}: only {len(frame)} session(s) in the sample")
        return frame

    def _check_rank(self, X: pd.DataFrame) -> None:
        if X.shape[0] <= X.shape[1]:
            raise AnalysisError(
                f"{self.ticker}: {X.shape[1]} coefficients but only {X.shape[0]} sessions"
            )
        rank = np.linalg.matrix_rank(X.to_numpy(dtype=float))
        if rank < X.shape[1]:
            raise AnalysisError(
                f"{self.ticker}: event dummies are collinear (rank {rank} < {X.shape[1]}); "
                "overlapping windows or a dummy covering every session"
            )


# --------------------------------------------------------------------------------------
# Pure helpers
# --------------------------------------------------------------------------------------
def _check_series(s: pd.Series, name: str) -> pd.Series:
    if not isinstance(s, pd.Series):
        raise AnalysisError(f"{name}: returns must be a pandas Series")
    if not isinstance(s.index, pd.DatetimeIndex):
        raise AnalysisError(f"{name}: returns must be indexed by date")
    if s.index.has_duplicates:
        raise AnalysisError(f"{name}: duplicate dates in returns")
    s = pd.to_numeric(s, errors="coerce").astype(float).sort_index()
    if np.isinf(s.to_numpy()).any():
        raise AnalysisError(f"{name}: infinite returns")
    return s


def _default_hac_lags(n: int) -> int:
    return int(np.floor(4 * (n / 100.0) ** (2.0 / 9.0)))


def _events_for(events: pd.DataFrame, ticker: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events that concern ``ticker``: all, unless an ``assets`` list names others only."""
    if "assets" not in events.columns:
        return events, pd.DataFrame(columns=list(NOTE_COLUMNS))
    lists = events["assets"].astype("string").fillna("").tolist()
    names = [[a.strip() for a in re.split(r"[;,]", text) if a.strip()] for text in lists]
    keep = np.array([not n or ticker in n for n in names], dtype=bool)
    notes = [{"event_id": str(eid), "reason": f"not an event for {ticker} (assets: {text})"}
             for eid, text, k in zip(events["event_id"], lists, keep, strict=True) if not k]
    return events.loc[keep], pd.DataFrame(notes, columns=list(NOTE_COLUMNS))


def locate_events(
    events: pd.DataFrame, ticker: str, sessions: pd.DatetimeIndex
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Day 0 of each event on the asset's sessions.

    Events keep their columns and gain ``day0`` (a session) and ``day0_reason``. An
    event with a month- or year-precision date, an unparseable date, or no session on
    or after its date gets no day 0 and a row in the returned notes instead.

    Parameters
    ----------
    events : pandas.DataFrame
        ``event_id``, ``date`` and optionally ``timing``, ``date_precision``, ``day0``.
    ticker : str
        Selects the exchange calendar for :func:`analysis.market.calendars.map_day0`.
    sessions : pandas.DatetimeIndex
        The asset's observed sessions; day 0 is located on them.

    Returns
    -------
    (located, notes) : tuple of pandas.DataFrame
    """
    ev = events.copy()
    notes: list[dict[str, str]] = []
    sessions = pd.DatetimeIndex(sessions).sort_values()
    if "day0" in ev.columns:
        ok = pd.Series(True, index=ev.index)
        day0 = pd.to_datetime(ev["day0"], errors="coerce")
        bad = day0.notna() & ~day0.isin(sessions)
        ev["day0"] = day0.where(~bad)
        ev["day0_reason"] = np.where(bad, "given day 0 is not a session of the asset", "given")
    else:
        # THE day-0 rule of the study (analysis.market.day0): calendar mapping, a date
        # range only when it covers one session (a weekend range -> next session).
        parsed = parse_event_dates(ev.assign(
            timing=ev["timing"].astype("string").fillna("unknown")
            if "timing" in ev.columns else "unknown"))
        _, reasons, day0 = locate_day0(parsed, ticker, sessions)
        ev["day0"] = pd.DatetimeIndex(day0)
        ev["day0_reason"] = [str(r) for r in reasons]
        ok = pd.Series(True, index=ev.index)
    ev = ev.loc[ok].copy()
    missing = ev["day0"].isna()
    for i in ev.index[missing]:
        reason = ev.at[i, "day0_reason"]
        notes.append({"event_id": str(ev.at[i, "event_id"]),
                      "reason": f"no day 0 for {ticker}: {reason}"})
    # chronological order makes terms and their event lists independent of input order
    located = (ev.loc[~missing]
               .assign(_id=lambda d: d["event_id"].astype(str))
               .sort_values(["day0", "_id"], kind="stable")
               .drop(columns="_id").reset_index(drop=True))
    return located, pd.DataFrame(notes, columns=list(NOTE_COLUMNS))


def _event_sessions(
    located: pd.DataFrame,
    sessions: pd.DatetimeIndex,
    sample_index: pd.DatetimeIndex,
    window: tuple[int, int],
) -> tuple[dict[str, pd.DatetimeIndex], pd.DataFrame]:
    """Sessions of each event's window [a, b] that are in the regression sample."""
    a, b = window
    sessions = pd.DatetimeIndex(sessions).sort_values()
    spans: dict[str, pd.DatetimeIndex] = {}
    notes: list[dict[str, str]] = []
    for _, row in located.iterrows():
        eid = str(row["event_id"])
        pos = int(sessions.get_loc(row["day0"]))
        lo, hi = pos + a, pos + b
        if lo < 0 or hi >= len(sessions):
            notes.append({"event_id": eid,
                          "reason": f"window {a}:{b} around {row['day0']:%Y-%m-%d} "
                                    "runs beyond the asset's data"})
            lo, hi = max(lo, 0), min(hi, len(sessions) - 1)
        days = sessions[lo:hi + 1]
        inside = days[days.isin(sample_index)]
        if len(inside) == 0:
            notes.append({"event_id": eid,
                          "reason": f"day 0 {row['day0']:%Y-%m-%d} outside the sample "
                                    "(or no market return on its window)"})
            continue
        if len(inside) < b - a + 1:
            notes.append({"event_id": eid,
                          "reason": f"window {a}:{b} has {len(inside)} of {b - a + 1} "
                                    "sessions in the sample"})
        spans[eid] = inside
    return spans, pd.DataFrame(notes, columns=list(NOTE_COLUMNS))


def _attr(row: pd.Series, col: str) -> str:
    if col not in row.index or pd.isna(row[col]):
        return ""
    return str(row[col])


def _event_dummies(
    located: pd.DataFrame, spans: dict[str, pd.DatetimeIndex], index: pd.DatetimeIndex
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One dummy per event; events with identical dummy columns share one term."""
    by_key: dict[tuple[pd.Timestamp, ...], list[pd.Series]] = {}
    for _, row in located.iterrows():
        eid = str(row["event_id"])
        if eid in spans:
            by_key.setdefault(tuple(spans[eid]), []).append(row)
    term_rows: list[dict[str, Any]] = []
    columns: dict[str, np.ndarray] = {}
    notes: list[dict[str, str]] = []
    for key, rows in by_key.items():
        ids = [str(r["event_id"]) for r in rows]
        term = "event:" + "+".join(ids)
        if len(ids) > 1:
            for eid in ids:
                notes.append({"event_id": eid, "reason":
                              f"same sessions as {', '.join(i for i in ids if i != eid)}: "
                              f"one dummy {term}"})
        days = pd.DatetimeIndex(list(key))
        columns[term] = index.isin(days).astype(float)
        term_rows.append({
            "term": term, "kind": "event", "event_ids": ";".join(ids),
            "category": _join_attr(rows, "category"),
            "direction": _join_attr(rows, "direction"),
            "n_days": len(days), "first_day": days.min(), "last_day": days.max(),
        })
    notes.extend(_overlap_notes(term_rows, columns))
    return _finish_terms(term_rows, columns, index, notes)


def _overlap_notes(
    term_rows: list[dict[str, Any]], columns: dict[str, np.ndarray]
) -> list[dict[str, str]]:
    """Events whose window dummies share sessions (clustered events).

    On a shared session the abnormal return is the sum of both coefficients, so
    neither :math:`\\gamma` alone is that event's average daily abnormal return.
    """
    names = list(columns)
    if len(names) < 2:
        return []
    D = np.column_stack([columns[n] for n in names])
    shared = D.T @ D
    notes: list[dict[str, str]] = []
    for i, row in enumerate(term_rows):
        others = [names[j] for j in np.flatnonzero(shared[i] > 0) if j != i]
        if others:
            for eid in str(row["event_ids"]).split(";"):
                notes.append({"event_id": eid, "reason":
                              f"window shares sessions with {', '.join(others)}: "
                              "its CAR there is the sum of both dummies"})
    return notes


def _join_attr(rows: list[pd.Series], col: str) -> str:
    values = sorted({_attr(r, col) for r in rows})
    return "+".join(values)


def _group_dummies(
    located: pd.DataFrame,
    spans: dict[str, pd.DatetimeIndex],
    index: pd.DatetimeIndex,
    group_by: tuple[str, ...],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One dummy per group: one on the union of its member events' window sessions.

    Groups whose events fall on exactly the same sessions cannot be told apart (their
    columns are identical): they share one term, ``group:a/b+c/d``, with a note.
    """
    groups: dict[tuple[str, ...], list[pd.Series]] = {}
    for _, row in located.iterrows():
        if str(row["event_id"]) in spans:
            key = tuple(_attr(row, c) or "unknown" for c in group_by)
            groups.setdefault(key, []).append(row)
    same_days: dict[tuple[pd.Timestamp, ...], list[tuple[str, ...]]] = {}
    for key in sorted(groups):
        ids = [str(r["event_id"]) for r in groups[key]]
        days = tuple(sorted(set().union(*(spans[i] for i in ids))))
        same_days.setdefault(days, []).append(key)
    term_rows: list[dict[str, Any]] = []
    columns: dict[str, np.ndarray] = {}
    notes: list[dict[str, str]] = []
    for day_key, keys in same_days.items():
        rows = [r for k in keys for r in groups[k]]
        ids = [str(r["event_id"]) for r in rows]
        days = pd.DatetimeIndex(list(day_key))
        term = "group:" + "+".join("/".join(k) for k in keys)
        if len(keys) > 1:
            notes.extend({"event_id": eid, "reason": f"its group has the same sessions as "
                          f"another group: one dummy {term}"} for eid in ids)
        columns[term] = index.isin(days).astype(float)
        attrs = dict(zip(group_by, keys[0], strict=True)) if len(keys) == 1 else {}
        term_rows.append({
            "term": term, "kind": "group", "event_ids": ";".join(ids),
            "category": attrs.get("category", _join_attr(rows, "category")),
            "direction": attrs.get("direction", _join_attr(rows, "direction")),
            "n_days": len(days), "first_day": days.min(), "last_day": days.max(),
        })
    return _finish_terms(term_rows, columns, index, notes)


def _finish_terms(
    term_rows: list[dict[str, Any]],
    columns: dict[str, np.ndarray],
    index: pd.DatetimeIndex,
    notes: list[dict[str, str]],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    terms = pd.DataFrame(term_rows, columns=list(TERM_COLUMNS))
    D = pd.DataFrame(columns, index=index) if columns else pd.DataFrame(index=index)
    return terms, D, pd.DataFrame(notes, columns=list(NOTE_COLUMNS))


def _runs(days: pd.DatetimeIndex, index: pd.DatetimeIndex) -> int:
    """Longest run of consecutive sample sessions among ``days``."""
    pos = np.sort(index.get_indexer(days))
    if len(pos) == 0:
        return 0
    breaks = np.flatnonzero(np.diff(pos) != 1)
    bounds = np.concatenate(([0], breaks + 1, [len(pos)]))
    return int(np.max(np.diff(bounds)))


def _check_cov(cov_type: str, terms: pd.DataFrame, hac_lags: int | None, ticker: str) -> None:
    """Refuse robust covariances where they collapse (single-session dummies)."""
    if cov_type == "nonrobust" or terms.empty:
        return
    single = terms.loc[terms["n_days"] <= 1, "term"].tolist()
    if single:
        shown = ", ".join(single[:3]) + (f" and {len(single) - 3} more" if len(single) > 3 else "")
        raise AnalysisError(
            f"{ticker}: {cov_type} standard errors collapse on single-session dummies "
            f"({shown}): OLS fits that session exactly, so its residual is zero; use "
            "cov_type='nonrobust' (MacKinlay variance) or group dummies covering many sessions"
        )
    few = terms.loc[terms["n_days"] < 10, "term"].tolist()
    if few:
        warnings.warn(
            f"{ticker}: {cov_type} standard errors on dummies covering fewer than 10 sessions "
            f"({', '.join(few[:3])}{' ...' if len(few) > 3 else ''}) rest on a handful of "
            "residuals that OLS forces to sum to zero; they are biased towards zero",
            UserWarning,
            stacklevel=3,
        )


def equal_effect_tests(
    results: EventDummyResults,
    pairs: Iterable[tuple[str, str, str]] = (
        ("category", "talks", "tariff"),
        ("direction", "escalation", "de-escalation"),
    ),
) -> pd.DataFrame:
    """The joint equal-effect tests the study reports, one row each.

    Parameters
    ----------
    results : EventDummyResults
    pairs : iterable of (by, a, b)
        Defaults to talks vs tariff and escalation vs de-escalation.

    Returns
    -------
    pandas.DataFrame
        Rows as from :meth:`EventDummyResults.equal_effects`.
    """
    rows = [results.equal_effects(by, a, b) for by, a, b in pairs]
    return pd.concat(rows, ignore_index=True)


__all__ = [
    "COV_TYPES",
    "DUMMY_TYPES",
    "EventDummyRegression",
    "EventDummyResults",
    "equal_effect_tests",
    "locate_events",
]
