"""Published figures the project's own numbers are compared with (data only, no logic).

Each :class:`Claim` is one number as printed by the press or a paper, with where it was
printed, what it measures (``statistic``, one of :data:`STATISTICS`), on which asset and
days, and how close the project's figure must come to count as agreeing.
:mod:`analysis.report.literature` computes the project's side.

May import: nothing from ``analysis``.
"""

from __future__ import annotations

from dataclasses import dataclass

STATISTICS: tuple[str, ...] = (
    "close_change_pct", "close", "settle_change", "settle", "sum_next_session_pct",
    "sum_day0_pct",
)
"""What a claim measures:

``close_change_pct``  close-to-close change on ``dates`` (percent);
``close``             the close on ``dates`` (the asset's price unit);
``settle_change``     change of the futures settlement on ``dates`` (price unit);
``settle``            the settlement on ``dates``;
``sum_next_session_pct``  sum over the paper's announcement days of the return of the
                      session after each (percent; the paper's own timing);
``sum_day0_pct``      sum over the paper's announcement days of the return of each
                      announcement's own session, its day 0 (percent).

A sum is only reproduced on the paper's own day list (``Claim.days``); without it the
row is "not comparable" (:mod:`analysis.report.literature`).
"""

SUM_STATISTICS: tuple[str, ...] = ("sum_next_session_pct", "sum_day0_pct")
"""Statistics over a set of days (the others are one-day figures)."""


@dataclass(frozen=True)
class Claim:
    """One published figure.

    Attributes
    ----------
    claim_id : str
        Stable identifier (``<source>-<date>-<what>``).
    source : str
        Who published it, where and when; with the address when there is one.
    asset : str
        Project ticker the figure is about.
    dates : str
        ISO date for a one-day figure; for a sum over days, a description of the days.
    statistic : str
        One of :data:`STATISTICS`.
    published : float
        The figure as printed, in ``unit``.
    unit : str
        ``"%"`` (percent), ``"index points"``, ``"US cents/bu"``, ``"USD/bu"``.
    decimals : int
        Decimals printed: the project's figure is rounded to them before the comparison.
    tolerance : float or None
        One-day figures: agreement when the rounded project figure is within this of
        ``published``. Sums: ``None`` (half a unit of the last printed decimal).
    n_days : int or None
        Sums: how many days the paper's set has (``None`` when the paper does not say).
    days : tuple of str
        Sums: the paper's own day list (ISO dates as the paper lists them), empty when
        the shared reference does not give it; the sum is then not reproducible.
    """

    claim_id: str
    source: str
    asset: str
    dates: str
    statistic: str
    published: float
    unit: str
    decimals: int
    tolerance: float | None
    n_days: int | None = None
    days: tuple[str, ...] = ()


_STAR = ("Toronto Star (Bloomberg), 31 May 2019, 'How today's stock rout stacks up to other "
         "trade-war milestones', https://www.thestar.com/business/2019/05/31/"
         "how-todays-stock-rout-stacks-up-to-other-trade-war-milestones.html")
_FARM = ("farm-market daily closes of 4 Apr 2018 (https://www.agriculture.com/news/"
         "three-big-things/3-big-things-today-april-4, https://farmlead.com/blog/"
         "grain-markets-today/china-announces-soybean-tariffs/)")
_WSJ = "The Wall Street Journal, 22 Mar 2018 (markets report of the day)"
_AXIOS = ("Axios, 23 Aug 2019, https://www.axios.com/trump-escalates-tariffs-hundreds-"
          "billions-dollars-worth-chinese-imports-61376483-973a-41e7-a277-15717ed56b88.html")

CLAIMS: tuple[Claim, ...] = (
    Claim("wsj-2018-03-22-change", _WSJ, "^GSPC", "2018-03-22", "close_change_pct",
          -2.52, "%", 2, 0.01),
    Claim("wsj-2018-03-22-close", _WSJ, "^GSPC", "2018-03-22", "close",
          2643.69, "index points", 2, 0.01),
    Claim("star-2019-05-13-change", _STAR, "^GSPC", "2019-05-13", "close_change_pct",
          -2.4, "%", 1, 0.01),
    Claim("star-2019-05-13-close", _STAR, "^GSPC", "2019-05-13", "close",
          2811.87, "index points", 2, 0.01),
    Claim("axios-2019-08-23-change", _AXIOS, "^GSPC", "2019-08-23", "close_change_pct",
          -2.59, "%", 2, 0.01),
    Claim("farm-2018-04-04-change", _FARM + "; CBOT May-2018 soybeans", "ZS=F", "2018-04-04",
          "settle_change", -22.75, "US cents/bu", 2, 0.25),
    Claim("farm-2018-04-04-settle", _FARM + "; CBOT May-2018 soybeans", "ZS=F", "2018-04-04",
          "settle", 10.1525, "USD/bu", 4, 0.0025),
    Claim("agkw-2021-next-session", "Amiti, Gomez, Kong & Weinstein, 'Trade Protection, "
          "Stock-Market Returns, and Welfare', NBER w28758 (2021), "
          "https://www.nber.org/papers/w28758; Liberty Street Economics, 4 Dec 2024",
          "^GSPC", "the trading days after 11 US tariff announcements (their list)",
          "sum_next_session_pct", -11.5, "%", 1, None, n_days=11),
    Claim("akw-2020-day0", "Amiti, Kong & Weinstein, 'The Effect of the U.S.-China Trade "
          "War on U.S. Investment', NBER w27114 (2020), https://www.nber.org/papers/w27114",
          "^GSPC", "trade-war announcement days (their list)", "sum_day0_pct", -8.9, "%", 1,
          None),
)
"""Every published figure compared in ``literature.csv``, in output order."""
