r"""Joint test across assets: do several assets react to one group of events together?

Each asset :math:`a` has its own event-dummy regression
:math:`y_a = X_a\theta_a + \varepsilon_a` (:mod:`analysis.study.regressions`), fitted by
OLS on its own sessions; OLS equation by equation is kept (rather than feasible GLS) so
the coefficients are the ones each asset's regression reports. The joint null
:math:`H_0: \gamma_a = 0` for the same group dummy in all :math:`J` equations is tested
with the Wald statistic

.. math::

    F = \frac{1}{J} \hat\gamma' \hat C^{-1} \hat\gamma
        \;\overset{a}{\sim}\; F(J, \min_a n_a - k_a),

where :math:`\hat C` is the :math:`J \times J` covariance of the dummy's coefficients
across the equations. With :math:`v_a` the dummy's row of :math:`(X_a'X_a)^{-1}`, each
coefficient's estimation error is a sum of *scores* over sessions,
:math:`\hat\gamma_a - \gamma_a = \sum_t u_{at}` with
:math:`u_{at} = v_a' x_{at}\,\varepsilon_{at}`, so

.. math::

    C_{ab} = \sum_{|\ell| \le L} w_\ell \sum_t u_{at}\, u_{b,t-\ell}, \qquad
    w_\ell = 1 - \frac{|\ell|}{L+1}
    \quad\text{(Newey-West, Bartlett kernel)},

:data:`COV_TYPES` (``"auto"``, the default, is HAC when the dummy covers at least
:data:`MIN_HAC_SESSIONS` sessions of every asset, else the non-robust form):

* ``"HAC"``: the formula above with the estimated
  residuals. It assumes only that the scores are weakly dependent over time and that
  dependence beyond :math:`L` sessions is negligible: the residual variance may change
  from session to session (trade-war days are volatile days), the assets' residuals may
  be correlated with each other on a session and a few sessions apart, with a
  correlation that changes over time. Lags :math:`L = \lfloor 4 (n/100)^{2/9} \rfloor`
  (Newey and West 1994, :func:`newey_west_lags`, the per-asset regressions' default)
  on the :math:`n` sessions of the union calendar, unless given; the diagonal is
  statsmodels' ``cov_type="HAC"`` variance of each equation (no small-sample
  correction). Sessions are aligned by date on the union of the assets' sessions, an
  asset without a session that day contributing a zero score, so a lag is counted in
  union sessions.
* ``"nonrobust"``: homoskedastic, serially uncorrelated disturbances
  with one covariance :math:`\sigma_{ab}` per asset pair,
  :math:`C_{ab} = \hat\sigma_{ab}\, v_a' X_{a,c}' X_{b,c} v_b` over the common
  sessions :math:`c`, :math:`\hat\sigma_{ab} = \hat e_{a,c}'\hat e_{b,c} / n_c`
  (diagonal: each equation's OLS variance).

May import: ``analysis.io``, ``analysis.study.dummyresults``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis.io import AnalysisError
from analysis.study.dummyresults import WALD_COLUMNS, EventDummyResults

COV_TYPES: tuple[str, ...] = ("auto", "HAC", "nonrobust")
"""Cross-equation covariances of :func:`joint_wald`; ``"auto"`` (default) is HAC when the
dummy covers at least :data:`MIN_HAC_SESSIONS` sessions of every asset, else non-robust."""
MIN_HAC_SESSIONS: int = 10
"""Fewest sessions a dummy must cover, on every asset, for the HAC covariance to be used
by ``cov="auto"``: OLS forces the residuals of those sessions to sum to zero, so with a
handful of them a robust variance is biased towards zero (one session: exactly zero) and
the test over-rejects; the per-asset regressions warn at the same count."""

ASSUMES: dict[str, str] = {
    "HAC": "Newey-West HAC (Bartlett, {lags} lags on the union calendar): allows "
           "time-varying volatility and residuals correlated across assets and up to "
           "{lags} sessions apart",
    "nonrobust": "non-robust OLS: constant variance and one cross-asset covariance per "
                 "pair, no serial correlation",
}
"""What each covariance assumes, as written in the output's ``assumes`` column."""


def newey_west_lags(n: int) -> int:
    r"""Newey-West (1994) lag rule :math:`L = \lfloor 4 (n/100)^{2/9} \rfloor`."""
    return int(np.floor(4 * (max(int(n), 0) / 100.0) ** (2.0 / 9.0)))


def _scores(results: Sequence[EventDummyResults], term: str
            ) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Union calendar and the sessions x assets matrix of the term's scores ``u_at``."""
    series = []
    for r in results:
        X = np.asarray(r.ols.model.exog, dtype=float)
        v = np.linalg.inv(X.T @ X)[list(r.params.index).index(term)]
        dates = pd.DatetimeIndex(r.ols.resid.index)
        series.append(pd.Series((X @ v) * np.asarray(r.ols.resid, dtype=float), index=dates))
    union = series[0].index
    for s in series[1:]:
        union = union.union(s.index)
    U = np.column_stack([s.reindex(union, fill_value=0.0).to_numpy() for s in series])
    return union, U


def hac_covariance(U: np.ndarray, lags: int) -> np.ndarray:
    r"""Newey-West long-run covariance of the columns of ``U`` (sums, not means).

    .. math::

        \hat C = \Gamma_0 + \sum_{\ell=1}^{L} \Bigl(1 - \frac{\ell}{L+1}\Bigr)
            (\Gamma_\ell + \Gamma_\ell'), \qquad
        \Gamma_\ell = \sum_{t > \ell} u_t u_{t-\ell}'.

    The scores are not demeaned: OLS makes each column sum to zero already.
    """
    U = np.asarray(U, dtype=float)
    C = U.T @ U
    for ell in range(1, int(lags) + 1):
        if ell >= len(U):
            break
        gamma = U[ell:].T @ U[:-ell]
        C += (1.0 - ell / (lags + 1.0)) * (gamma + gamma.T)
    return C


def _nonrobust_covariance(results: Sequence[EventDummyResults], term: str) -> np.ndarray:
    J = len(results)
    rows = []   # (dates, X, resid, row of (X'X)^-1 for the term)
    for r in results:
        X = np.asarray(r.ols.model.exog, dtype=float)
        v = np.linalg.inv(X.T @ X)[list(r.params.index).index(term)]
        rows.append((pd.DatetimeIndex(r.ols.resid.index), X,
                     np.asarray(r.ols.resid, dtype=float), v))
    C = np.zeros((J, J))
    for a in range(J):
        # The OLS variance of the term: sigma^2 (X'X)^-1, whatever cov_type was fitted.
        C[a, a] = float(results[a].sigma2) * float(rows[a][3][list(
            results[a].params.index).index(term)])
        for b in range(a + 1, J):
            da, Xa, ea, va = rows[a]
            db, Xb, eb, vb = rows[b]
            common = da.intersection(db)
            if len(common) == 0:
                continue
            ia, ib = da.get_indexer(common), db.get_indexer(common)
            s_ab = float(ea[ia] @ eb[ib]) / len(common)
            C[a, b] = C[b, a] = s_ab * float(va @ Xa[ia].T @ Xb[ib] @ vb)
    return C


def joint_wald(results: Sequence[EventDummyResults], term: str, *, cov: str = "auto",
               lags: int | None = None) -> pd.DataFrame:
    """Stacked Wald test that ``term`` is zero in every asset's regression.

    Parameters
    ----------
    results : sequence of EventDummyResults
        One fitted regression per asset (any ``cov_type``: the joint covariance is
        rebuilt from each fit's design and OLS residuals).
    term : str
        A coefficient present in each, e.g. ``"group:talks/de-escalation"``.
    cov : {"auto", "HAC", "nonrobust"}
        Cross-equation covariance (see the module docstring for what each assumes);
        ``"auto"``: HAC when the dummy covers at least :data:`MIN_HAC_SESSIONS` sessions
        of every asset, otherwise non-robust, with the reason in ``assumes``.
    lags : int, optional
        HAC lags; default :func:`newey_west_lags` of the union calendar's sessions.

    Returns
    -------
    pandas.DataFrame
        One row with :data:`analysis.study.dummyresults.WALD_COLUMNS` plus ``cov_type``,
        ``hac_lags`` and ``assumes``; ``estimate`` and ``std_err`` are NaN (several
        restrictions).

    Raises
    ------
    AnalysisError
        Fewer than two assets, a missing term, an unknown ``cov``, negative lags, or
        (HAC) a dummy on a single session, whose OLS residual is zero so that its
        robust variance collapses.
    """
    if len(results) < 2:
        raise AnalysisError("joint test: needs the regressions of at least two assets")
    if cov not in COV_TYPES:
        raise AnalysisError(f"joint test: unknown covariance {cov!r}; use {', '.join(COV_TYPES)}")
    missing = [r.ticker for r in results if term not in r.params.index]
    if missing:
        raise AnalysisError(f"joint test: {term} is not a term for {', '.join(missing)}")
    if lags is not None and lags < 0:
        raise AnalysisError("joint test: HAC lags must be >= 0")
    J = len(results)
    gamma = np.array([float(r.params[term]) for r in results])
    covered = min(int(np.count_nonzero(np.asarray(r.ols.model.exog, dtype=float)[
        :, list(r.params.index).index(term)])) for r in results)
    why = ""
    if cov == "auto":
        cov = "HAC" if covered >= MIN_HAC_SESSIONS else "nonrobust"
        if cov == "nonrobust":
            why = (f"; HAC not used: the dummy covers {covered} session(s) of some asset "
                   f"(< {MIN_HAC_SESSIONS}), where its robust variance is biased towards zero")
    used: int | None = None
    if cov == "HAC":
        if covered < 2:
            raise AnalysisError(
                f"joint test: {term} covers a single session of some asset; its HAC "
                "variance collapses (OLS fits that session exactly)")
        union, U = _scores(results, term)
        used = newey_west_lags(len(union)) if lags is None else int(lags)
        C = hac_covariance(U, used)
    else:
        C = _nonrobust_covariance(results, term)
    f = float(gamma @ np.linalg.solve(C, gamma)) / J
    df_denom = float(min(r.df_resid for r in results))
    row = {
        "hypothesis": f"joint: {term} = 0 for {', '.join(r.ticker for r in results)}",
        "estimate": float("nan"), "std_err": float("nan"), "statistic": f, "df_num": J,
        "df_denom": df_denom, "p_value": float(stats.f.sf(f, J, df_denom)),
        "cov_type": cov, "hac_lags": used,
        "assumes": ASSUMES[cov].format(lags=used) + why,
    }
    return pd.DataFrame([row]).loc[:, [*WALD_COLUMNS, "cov_type", "hac_lags", "assumes"]]
