"""Results of an event-dummy regression: :class:`EventDummyResults` (coefficients,
implied CARs, Wald tests, summary) and the equal-effect tests the study reports.

The estimator is :class:`analysis.study.regressions.EventDummyRegression`.
May import: ``analysis.io``, ``analysis.study.summary``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.io import AnalysisError
from analysis.study.summary import Summary, SummaryMixin

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


@dataclass(frozen=True)
class EventDummyResults(SummaryMixin):
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
            R, q, label = self._restriction(hypothesis, label)
            test = self.ols.f_test((R, q))
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

    def _restriction(
        self, hypothesis: Mapping[str, float] | np.ndarray | tuple[np.ndarray, np.ndarray],
        label: str | None,
    ) -> tuple[np.ndarray, np.ndarray, str]:
        """``(R, q, label)`` of a restriction given as weights, a matrix or ``(R, q)``."""
        names = list(self.params.index)
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
        return R, q, "R theta = q" if label is None else label

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
        return Summary(self._text(), self._html())

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

    def _html(self) -> str:
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
