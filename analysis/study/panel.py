"""From return frames to the stacked panel the engine works on: asset timelines, flag
labels, designs, clusters of overlapping events and the fitted :class:`UnitPanel`.

May import: ``analysis.market``, ``analysis.windows``, ``analysis.study.engine``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from analysis.io import AnalysisError
from analysis.market import calendars
from analysis.study.engine import AssetData, Estimates
from analysis.windows import Window

FLAG_KINDS: tuple[str, ...] = ("stale", "thin", "roll", "nonpositive_price", "gap", "spike",
                               "level_shift")


def asset_timeline(returns: pd.DataFrame, ticker: str,
                   calendar: str | None = None) -> pd.DatetimeIndex:
    """The asset's own sessions: its exchange sessions within its data span.

    With an exchange ``calendar`` (the estimator passes ``calendars``'
    entry) the rows of ``returns`` that are sessions of that exchange are kept, so a
    ``NaN`` return on a session is *missing data* (dropped from estimation, flagged in
    an event window) rather than a holiday. Without one (synthetic data) every row of
    ``returns`` within the data span is a session.
    """
    col = returns[ticker]
    valid = col.index[col.notna().to_numpy()]
    if len(valid) == 0:
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    index = returns.index[(returns.index >= valid[0]) & (returns.index <= valid[-1])]
    if calendar is not None:
        sess = pd.DatetimeIndex(calendars.sessions(calendar, index[0], index[-1]))
        sess = sess.tz_localize(None) if sess.tz is not None else sess
        index = index[index.isin(sess.normalize()) | returns.loc[index, ticker].notna()]
    return pd.DatetimeIndex(index)


def flag_labels(flags: pd.DataFrame | None, ticker: str, dates: pd.DatetimeIndex) -> np.ndarray:
    """``"stale+roll"``-style labels of the flagged sessions of ``ticker`` on ``dates``."""
    out = np.full(len(dates), "", dtype=object)
    if flags is None or len(flags) == 0:
        return out
    sub = flags[flags["ticker"].astype("string") == ticker]
    if sub.empty:
        return out
    kinds = [k for k in FLAG_KINDS if k in sub.columns]
    if not kinds and "flag" in sub.columns:
        kinds = ["flag"]
    lab = pd.Series("", index=pd.DatetimeIndex(pd.to_datetime(sub["date"])).normalize())
    for kind in kinds:
        hit = sub[kind].fillna(False).astype(bool).to_numpy()
        lab[hit] = np.where(lab[hit] == "", kind, lab[hit] + "+" + kind)
    lab = lab[lab != ""]
    lab = lab[~lab.index.duplicated(keep="last")]
    got = lab.reindex(dates).fillna("")
    return got.to_numpy(dtype=object)


def design_matrix(model: str, dates: pd.DatetimeIndex, market: pd.Series | None,
                  factors: pd.DataFrame | None) -> np.ndarray:
    """Regressors of ``model`` on ``dates`` (constant first; market alone if adjusted)."""
    cols: list[np.ndarray] = []
    if model in ("market", "market-adjusted") or (model == "factor" and market is not None):
        if market is None:
            raise AnalysisError(f"model {model!r} needs a market series")
        cols.append(market.reindex(dates).to_numpy(dtype=float))
    if model == "factor":
        if factors is None or factors.shape[1] == 0:
            raise AnalysisError("model 'factor' needs a factors frame")
        block = factors.reindex(dates)
        cols.extend(block[c].to_numpy(dtype=float) for c in factors.columns)
    if model == "market-adjusted":
        return np.column_stack(cols)
    return np.column_stack([np.ones(len(dates)), *cols])


def stack_assets(
    returns: pd.DataFrame,
    tickers: Sequence[str],
    timelines: Sequence[pd.DatetimeIndex],
    model: str,
    market: pd.Series | None,
    factors: pd.DataFrame | None,
    flags: pd.DataFrame | None,
    drop_flagged: bool,
) -> AssetData:
    """Stack several tickers' arrays end to end (tickers sharing a timeline in one block)."""
    n_assets = len(tickers)
    rets: list[np.ndarray] = []
    regs: list[np.ndarray] = []
    dates: list[np.ndarray] = []
    lengths = np.zeros(n_assets, dtype=np.int64)
    order: list[int] = []
    groups: dict[int, list[int]] = {}
    for a, tl in enumerate(timelines):
        groups.setdefault(id(tl), []).append(a)
    for members in groups.values():
        tl = timelines[members[0]]
        T = len(tl)
        block = returns[[tickers[a] for a in members]].reindex(tl).to_numpy(dtype=float)
        rets.append(block.ravel(order="F"))
        design = design_matrix(model, tl, market, factors)
        regs.append(np.tile(design, (len(members), 1)))
        dates.append(np.tile(tl.to_numpy(dtype="datetime64[ns]"), len(members)))
        lengths[members] = T
        order.extend(members)
    # Blocks come grouped by timeline; starts follow that order.
    starts = np.zeros(n_assets, dtype=np.int64)
    offset = 0
    for a in order:
        starts[a] = offset
        offset += lengths[a]
    ends = starts + lengths
    ret = np.concatenate(rets) if rets else np.zeros(0)
    k = regs[0].shape[1] if regs else 1
    regressors = np.concatenate(regs) if regs else np.zeros((0, k))
    labels = np.full(len(ret), "", dtype=object)
    # Set per flagged ticker: comparing every session's label with "" costs more.
    flagged = np.zeros(len(ret), dtype=bool)
    if flags is not None and len(flags):
        flagged_tickers = set(flags["ticker"].astype(str))
        for a, ticker in enumerate(tickers):
            if ticker in flagged_tickers:
                labels[starts[a]:ends[a]] = flag_labels(flags, ticker, timelines[a])
                flagged[starts[a]:ends[a]] = labels[starts[a]:ends[a]] != ""
    dropped = flagged.copy() if drop_flagged else np.zeros(len(ret), dtype=bool)
    usable = np.isfinite(ret) & np.isfinite(regressors).all(axis=1) & ~dropped
    all_dates = pd.DatetimeIndex(np.concatenate(dates) if dates
                                 else np.zeros(0, dtype="datetime64[ns]"))
    return AssetData(tickers=tuple(tickers), starts=starts, ends=ends, dates=all_dates,
                     ret=ret, regressors=regressors, usable=usable, dropped=dropped,
                     flag_label=labels, flagged=flagged)


def roll_days(asset: AssetData) -> np.ndarray:
    """``(T,)`` bool: sessions flagged as a futures roll (left out of estimation windows)."""
    out = np.zeros(len(asset.flag_label), dtype=bool)
    # Only flagged sessions have labels, a handful of distinct ones: search those.
    hit = np.flatnonzero(asset.flagged)
    if len(hit):
        codes, labels = pd.factorize(np.asarray(asset.flag_label, dtype=object)[hit])
        out[hit] = (np.char.find(np.asarray(labels, dtype=str), "roll") >= 0)[codes]
    return out


def drop_roll_sessions(asset: AssetData) -> AssetData:
    """``asset`` with its futures roll sessions dropped from event windows too.

    Roll sessions are already left out of estimation windows (a roll-day return mixes
    two contracts); dropping them from event windows as well treats both windows alike,
    so a roll inside an event window is neither read as news nor given the variance of
    an ordinary session. A dropped session is skipped in a CAR (its window has one
    session fewer, the MacKinlay variance counts the sessions used, the CAR row's
    ``flags`` and ``reason`` name it); a window whose only session is a roll has no CAR.
    The snapshot holds one continuous front-month series per future, not the two
    contracts, so a roll-adjusted series cannot be built from it.
    """
    rolls = roll_days(asset)
    if not rolls.any():
        return asset
    return replace(asset, dropped=asset.dropped | rolls, usable=asset.usable & ~rolls)


def build_asset(
    returns: pd.DataFrame,
    ticker: str,
    model: str,
    market: pd.Series | None,
    factors: pd.DataFrame | None,
    flags: pd.DataFrame | None,
    drop_flagged: bool,
    timeline: pd.DatetimeIndex | None = None,
) -> AssetData:
    """Assemble :class:`AssetData` for one ticker and one model."""
    dates = asset_timeline(returns, ticker) if timeline is None else timeline
    return stack_assets(returns, [ticker], [dates], model, market, factors, flags,
                        drop_flagged)


def clusters(pos: np.ndarray, span: Window, group: np.ndarray | None = None) -> np.ndarray:
    """Cluster ids (``0`` = alone) of positions whose event spans overlap.

    Two events on the same asset (same ``group``) overlap when their spans
    :math:`[p+a, p+b]` (``a``, ``b`` the earliest and latest window bounds) share a
    session; overlap is transitive. Ids count from 1 within each group, by position.
    """
    pos = np.asarray(pos, dtype=np.int64)
    grp = np.zeros(len(pos), dtype=np.int64) if group is None else np.asarray(group)
    out = np.zeros(len(pos), dtype=np.int64)
    valid = np.flatnonzero(pos >= 0)
    if len(valid) < 2:
        return out
    order = valid[np.lexsort((pos[valid], grp[valid]))]
    # Sorted spans overlap their predecessor iff same asset and the gap is at most the
    # span width; a chain of such links is one cluster.
    link = (np.diff(pos[order]) <= span[1] - span[0]) & (np.diff(grp[order]) == 0)
    if not link.any():
        return out
    chain = np.cumsum(np.concatenate([[True], ~link]))
    multi = np.bincount(chain)[chain] > 1
    firsts = np.flatnonzero(multi & np.concatenate([[True], ~link]))
    # Number the clusters 1, 2, ... within each group.
    cgrp = grp[order][firsts]
    seq = np.arange(len(firsts))
    _, first_of_grp = np.unique(cgrp, return_index=True)
    start_of = np.repeat(first_of_grp, np.diff(np.append(first_of_grp, len(firsts))))
    local = seq - start_of + 1
    chain_id = np.zeros(chain.max() + 1, dtype=np.int64)
    chain_id[chain[firsts]] = local
    out[order] = np.where(multi, chain_id[chain], 0)
    return out


def pool_units(u: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Pool each ticker's clusters (see :func:`_pool`), keeping tickers grouped."""
    parts: list[dict[str, np.ndarray]] = []
    bounds = np.flatnonzero(np.r_[True, u["ticker"][1:] != u["ticker"][:-1], True])
    for s0, s1 in itertools.pairwise(bounds):
        part = {k: v[s0:s1] for k, v in u.items()}
        if (part["cluster_id"] > 0).any():
            keys = pd.DataFrame({c: part[c] for c in ("event_id", "category", "direction",
                                                      "cluster_id", "day0", "reason")})
            keys, pos, extra = _pool(keys, part["pos"])
            m = len(keys)
            part = {
                "asset": np.full(m, part["asset"][0]), "ticker": np.full(m, part["ticker"][0],
                                                                       dtype=object),
                "event_id": keys["event_id"].to_numpy(dtype=object),
                "category": keys["category"].to_numpy(dtype=object),
                "direction": keys["direction"].to_numpy(dtype=object), "pos": pos,
                "reason": keys["reason"].to_numpy(dtype=object),
                "day0": keys["day0"].to_numpy(dtype="datetime64[ns]"),
                "cluster_id": keys["cluster_id"].to_numpy(dtype=np.int64), "extra": extra,
            }
        parts.append(part)
    return {k: np.concatenate([p[k] for p in parts]) for k in u}


# --------------------------------------------------------------------------------------
# Public estimator
# --------------------------------------------------------------------------------------
@dataclass
class UnitPanel:
    """Everything the cross-event tests need about the fitted units of one fit.

    One per :meth:`EventStudy.fit`; rows align with the fitted units in ``keys``
    (columns ``asset``, ``ticker``, ``event_id``, ``category``, ``direction``,
    ``cluster_id``, ``day0``).
    """

    model: str
    asset: AssetData
    estimation: Window
    min_estimation: int
    span: Window
    keys: pd.DataFrame
    est: Estimates
    extra: np.ndarray
    spanned: dict[str, np.ndarray]
    event_spans: np.ndarray
    windows: list[Window]
    est_exclude: np.ndarray | None = None


def _pool(keys: pd.DataFrame, pos: np.ndarray) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Merge each cluster into one unit starting at its first day 0."""
    rows: list[dict[str, Any]] = []
    new_pos: list[int] = []
    extra: list[int] = []
    seen: set[int] = set()
    for i in range(len(keys)):
        c = int(keys["cluster_id"].iloc[i])
        if c == 0:
            rows.append(keys.iloc[i].to_dict())
            new_pos.append(int(pos[i]))
            extra.append(0)
            continue
        if c in seen:
            continue
        seen.add(c)
        members = np.flatnonzero(keys["cluster_id"].to_numpy() == c)
        members = members[np.argsort(pos[members], kind="stable")]
        grp = keys.iloc[members]

        def joined(col: str, grp: pd.DataFrame = grp) -> str:
            vals = list(dict.fromkeys(grp[col].astype(str)))
            return vals[0] if len(vals) == 1 else "mixed"

        rows.append({
            "event_id": "+".join(grp["event_id"].astype(str)),
            "category": joined("category"), "direction": joined("direction"),
            "cluster_id": c, "day0": grp["day0"].iloc[0], "reason": "",
        })
        new_pos.append(int(pos[members[0]]))
        extra.append(int(pos[members[-1]] - pos[members[0]]))
    out = pd.DataFrame(rows, columns=list(keys.columns))
    out["day0"] = pd.to_datetime(out["day0"])
    return out, np.asarray(new_pos, dtype=np.int64), np.asarray(extra, dtype=np.int64)
