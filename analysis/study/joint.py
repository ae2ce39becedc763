r"""Joint test across assets: do several assets react to one group of events together?

Each asset :math:`a` has its own event-dummy regression
:math:`y_a = X_a\theta_a + \varepsilon_a` (:mod:`analysis.study.regressions`), fitted by
OLS on its own sessions. Stacked, the equations form a seemingly unrelated system whose
disturbances are correlated across assets on the same session,
:math:`\operatorname{Cov}(\varepsilon_{at}, \varepsilon_{bt}) = \sigma_{ab}`. The OLS
estimates of the stacked system then have the cross-equation covariance

.. math::

    \operatorname{Cov}(\hat\theta_a, \hat\theta_b)
        = \sigma_{ab} (X_a'X_a)^{-1} X_{a,c}' X_{b,c} (X_b'X_b)^{-1},

with :math:`X_{a,c}` the rows of the sessions both samples share and
:math:`\hat\sigma_{ab} = \hat e_{a,c}'\hat e_{b,c} / n_c` (the diagonal keeps each
equation's own OLS variance). The Wald statistic of :math:`H_0: \gamma_a = 0` for the
same group dummy in all :math:`J` equations is

.. math::

    F = \frac{1}{J} \hat\gamma' \hat C^{-1} \hat\gamma \sim F(J, \min_a n_a - k_a),

where :math:`\hat C` is the :math:`J \times J` block of those covariances for the
dummy's coefficients. OLS equation by equation is kept (rather than feasible GLS) so the
coefficients are the ones each asset's regression reports.

May import: ``analysis.io``, ``analysis.study.dummyresults``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis.io import AnalysisError
from analysis.study.dummyresults import WALD_COLUMNS, EventDummyResults


def joint_wald(results: Sequence[EventDummyResults], term: str) -> pd.DataFrame:
    """Stacked (SUR-style) Wald test that ``term`` is zero in every asset's regression.

    Parameters
    ----------
    results : sequence of EventDummyResults
        One fitted regression per asset, with ordinary (``nonrobust``) covariances.
    term : str
        A coefficient present in each, e.g. ``"group:talks/de-escalation"``.

    Returns
    -------
    pandas.DataFrame
        One row with :data:`analysis.study.dummyresults.WALD_COLUMNS`; ``estimate`` and
        ``std_err`` are NaN (several restrictions).
    """
    if len(results) < 2:
        raise AnalysisError("joint test: needs the regressions of at least two assets")
    if any(r.cov_type != "nonrobust" for r in results):
        raise AnalysisError("joint test: needs ordinary (nonrobust) OLS covariances")
    missing = [r.ticker for r in results if term not in r.params.index]
    if missing:
        raise AnalysisError(f"joint test: {term} is not a term for {', '.join(missing)}")
    J = len(results)
    gamma = np.array([float(r.params[term]) for r in results])
    rows = []   # (dates, X, resid, row of (X'X)^-1 for the term)
    for r in results:
        X = np.asarray(r.ols.model.exog, dtype=float)
        resid = pd.Series(np.asarray(r.ols.resid, dtype=float),
                          index=pd.DatetimeIndex(r.ols.resid.index))
        v = np.linalg.inv(X.T @ X)[list(r.params.index).index(term)]
        rows.append((resid.index, X, resid.to_numpy(), v))
    C = np.zeros((J, J))
    for a in range(J):
        C[a, a] = float(results[a].std_errors[term]) ** 2
        for b in range(a + 1, J):
            da, Xa, ea, va = rows[a]
            db, Xb, eb, vb = rows[b]
            common = da.intersection(db)
            ia, ib = da.get_indexer(common), db.get_indexer(common)
            if len(common) == 0:
                continue
            s_ab = float(ea[ia] @ eb[ib]) / len(common)
            C[a, b] = C[b, a] = s_ab * float(va @ Xa[ia].T @ Xb[ib] @ vb)
    f = float(gamma @ np.linalg.solve(C, gamma)) / J
    df_denom = float(min(r.df_resid for r in results))
    return pd.DataFrame([{
        "hypothesis": f"joint: {term} = 0 for {', '.join(r.ticker for r in results)}",
        "estimate": float("nan"), "std_err": float("nan"), "statistic": f, "df_num": J,
        "df_denom": df_denom, "p_value": float(stats.f.sf(f, J, df_denom)),
    }]).loc[:, list(WALD_COLUMNS)]
