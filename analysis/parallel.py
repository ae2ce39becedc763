"""Run independent tasks locally, on Dask's process pool or on a Dask cluster.

One entry point, :func:`map_ordered`, maps a picklable function over a list of items and
returns the results **in input order**, whatever the scheduler and the number of
workers, so a command's output never depends on where or in which order its tasks ran:

``local``
    A plain loop in this process (the default; needs no Dask at all).
``processes``
    A Dask bag over partitions of the items on Dask's multiprocessing scheduler.
``distributed``
    ``distributed.LocalCluster`` (worker processes with one thread each, every socket on
    127.0.0.1) or, with ``address``, an existing cluster through ``Client(address)``.

Dask is imported only inside the functions that use it: ``import dask.bag, distributed``
costs about 0.2 s of start-up (``python -X importtime``), which every command, including
``--help``, would otherwise pay for a feature the default run does not use.

Progress is shown on stderr (tqdm, or Dask's own bar on the process pool) only when
stdout is a terminal, ``CI`` is not set, and the run lasts longer than
:data:`PROGRESS_DELAY` seconds.

May import: ``analysis.io``.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, TypeVar

from analysis.io import AnalysisError

SCHEDULERS: tuple[str, ...] = ("local", "processes", "distributed")
PROGRESS_DELAY: float = 3.0
"""Seconds a run must last before a progress bar appears."""
PARTITIONS_PER_WORKER: int = 4
"""Partitions per worker: enough to balance uneven tasks, few enough that the per-task
overhead of the scheduler (about a millisecond on ``distributed``) stays negligible."""
MAX_PARTITION: int = 500
"""Items per partition at most, so a million articles still give a live progress bar
and no worker holds many results before they are gathered."""
CONNECT_TIMEOUT: str = "20s"

T = TypeVar("T")
R = TypeVar("R")
# "No context given" (None is a valid context). Never sent to a worker: identity with
# a sentinel does not survive pickling, so workers get a has_context flag instead.
_NO_CONTEXT: Any = object()


@dataclass(frozen=True)
class Scheduler:
    """Where :func:`map_ordered` runs its tasks.

    Attributes
    ----------
    kind : str
        One of :data:`SCHEDULERS`.
    workers : int or None
        Worker processes (``processes`` and a local cluster); ``None`` = the machine's
        cores. Ignored with ``address``: the cluster has its own workers.
    address : str or None
        ``tcp://host:port`` of an existing Dask scheduler (``distributed`` only).
    """

    kind: str = "local"
    workers: int | None = None
    address: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in SCHEDULERS:
            raise AnalysisError(
                f"--scheduler {self.kind}: unknown (choose from {', '.join(SCHEDULERS)})"
            )
        if self.workers is not None and self.workers < 1:
            raise AnalysisError(f"--workers {self.workers}: must be at least 1")
        if self.address is not None and self.kind != "distributed":
            raise AnalysisError("--address needs --scheduler distributed")

    @property
    def n_workers(self) -> int:
        """Workers to start (the machine's cores when not given)."""
        return self.workers or os.cpu_count() or 1


def add_scheduler_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--scheduler``, ``--workers`` and ``--address`` to a command's parser."""
    parser.add_argument("--scheduler", choices=SCHEDULERS, default="local",
                        help="where per-item work runs: this process, Dask's process pool "
                             "or a Dask cluster (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes for processes/distributed; ignored by local "
                             "and with --address (default: the machine's cores)")
    parser.add_argument("--address", default=None,
                        help="tcp://host:port of an existing Dask scheduler "
                             "(with --scheduler distributed)")


def scheduler_from_args(args: argparse.Namespace) -> Scheduler:
    """The :class:`Scheduler` named by the options of :func:`add_scheduler_options`."""
    return Scheduler(getattr(args, "scheduler", "local"), getattr(args, "workers", None),
                     getattr(args, "address", None))


def task_seed(base: int, *labels: object) -> int:
    """A seed for one task, derived from the base seed and the task's labels.

    .. math::

        s = \\operatorname{int}\\big(\\operatorname{sha256}(\\texttt{repr}((b, l_1, \\dots)))
        _{0..7}\\big) \\bmod 2^{63}

    A hash of the labels rather than a counter, so a task's draws depend only on what
    the task is (e.g. ticker and model), never on how many tasks ran before it or where;
    ``hash()`` would not do, as it is salted per process for strings.
    """
    digest = hashlib.sha256(repr((int(base), *labels)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % (1 << 63)


def progress_enabled() -> bool:
    """Progress bars only for a person watching: stdout a terminal and ``CI`` unset."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def partition_size(n_items: int, n_workers: int) -> int:
    """Items per partition: about :data:`PARTITIONS_PER_WORKER` partitions per worker.

    .. math::

        p = \\min\\big(M, \\max(1, \\lceil n / (4 w) \\rceil)\\big)
    """
    per = math.ceil(n_items / max(1, n_workers * PARTITIONS_PER_WORKER))
    return max(1, min(MAX_PARTITION, per))


def _call(item: Any, func: Callable[..., Any], context: Any, has_context: bool) -> Any:
    return func(context, item) if has_context else func(item)


def _run_partition(items: Sequence[Any], task: Callable[..., Any], context: Any,
                   has_context: bool) -> list[Any]:
    # ``task``, not ``func``: Client.map takes ``func`` itself.
    return [_call(item, task, context, has_context) for item in items]


def map_ordered(
    func: Callable[..., R],
    items: Sequence[T],
    scheduler: str | Scheduler = "local",
    workers: int | None = None,
    address: str | None = None,
    *,
    context: Any = _NO_CONTEXT,
    label: str = "tasks",
) -> list[R]:
    """Apply ``func`` to every item and return the results in input order.

    Parameters
    ----------
    func
        A module-level (picklable) function, ``func(item)``, or ``func(context, item)``
        when ``context`` is given. It must be pure: the output is only guaranteed equal
        across schedulers when ``func``'s result depends on its arguments alone.
    items
        The work items (e.g. article paths, or (ticker, model) pairs).
    scheduler
        ``local``, ``processes``, ``distributed`` or a :class:`Scheduler` (then
        ``workers`` and ``address`` come from it).
    workers, address
        See :class:`Scheduler`.
    context
        Read-only data every task needs (e.g. the returns table): shipped to each
        worker once (scattered, on ``distributed``) instead of once per item.
    label
        What the progress bar counts.

    Returns
    -------
    list
        ``[func(item) for item in items]``.

    Raises
    ------
    AnalysisError
        Bad options, or an unreachable ``address``. Exceptions raised by ``func`` are
        re-raised as they are (Dask ships them back from the workers).
    """
    plan = scheduler if isinstance(scheduler, Scheduler) else Scheduler(scheduler, workers,
                                                                          address)
    items = list(items)
    if not items:
        return []
    has_context = context is not _NO_CONTEXT
    if not has_context:
        context = None
    if plan.kind == "local":
        with _bar(len(items), label) as advance:
            out = []
            for item in items:
                out.append(_call(item, func, context, has_context))
                advance(1)
            return out
    if plan.kind == "processes":
        return _on_processes(func, items, context, has_context, plan.n_workers)
    return _on_cluster(func, items, context, has_context, plan, label)


@contextmanager
def _bar(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A tqdm bar on stderr (``advance(k)`` counts ``k`` more items), or a no-op."""
    if not progress_enabled():
        yield lambda k: None
        return
    # Imported here: 36 ms of start-up (python -X importtime) that CI, pipes and every
    # non-terminal run would pay for a bar they never show.
    from tqdm import tqdm

    with tqdm(total=total, unit=f" {label}", delay=PROGRESS_DELAY, file=sys.stderr,
              dynamic_ncols=True) as bar:
        yield bar.update


def _on_processes(func: Callable[..., Any], items: list[Any], context: Any,
                  has_context: bool, n_workers: int) -> list[Any]:
    import dask.bag as db  # see the module docstring: Dask only when asked for
    from dask.diagnostics import ProgressBar

    size = partition_size(len(items), n_workers)
    bag = db.from_sequence(items, partition_size=size).map(_call, func, context, has_context)
    bar = (ProgressBar(minimum=PROGRESS_DELAY, out=sys.stderr) if progress_enabled()
           else nullcontext())
    with bar:
        return list(bag.compute(scheduler="processes", num_workers=n_workers))


@contextmanager
def scheduler_session(plan: Scheduler) -> Iterator[Scheduler]:
    """A scheduler several :func:`map_ordered` calls can share: for ``distributed``
    without ``address``, one local cluster started here for all of them (each call
    would otherwise start and stop its own, seconds each); any other plan as it is."""
    if plan.kind != "distributed" or plan.address is not None:
        yield plan
        return
    with _local_cluster(plan.n_workers) as cluster:
        yield Scheduler("distributed", plan.workers, cluster.scheduler_address)


def _local_cluster(n_workers: int) -> Any:
    """A ``LocalCluster`` of ``n_workers`` one-thread processes, every socket on
    127.0.0.1 and no dashboard (it would open another port); a context manager."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address=None,
                        silence_logs=logging.CRITICAL)


@contextmanager
def _client(plan: Scheduler) -> Iterator[Any]:
    """A client on ``plan.address``, or on a LocalCluster bound to 127.0.0.1 only."""
    from distributed import Client

    if plan.address is not None:
        try:
            client = Client(plan.address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise AnalysisError(
                f"--address {plan.address}: cannot reach the Dask scheduler ({exc})"
            ) from None
        with client:
            yield client
        return
    with _local_cluster(plan.n_workers) as cluster, Client(cluster) as client:
        yield client


def _on_cluster(func: Callable[..., Any], items: list[Any], context: Any, has_context: bool,
                plan: Scheduler, label: str) -> list[Any]:
    from distributed import as_completed

    with _client(plan) as client:
        n_workers = len(client.scheduler_info().get("workers", {})) or plan.n_workers
        size = partition_size(len(items), n_workers)
        parts = [items[i:i + size] for i in range(0, len(items), size)]
        shared = client.scatter(context, broadcast=True, hash=False) if has_context else None
        # Partitions are scattered, not embedded in the task graph: the records of a
        # dating round (thousands of articles) made a graph of tens of MiB, which
        # distributed warns about on the user's screen and holds on the scheduler.
        inputs = client.scatter(parts, hash=False)
        futures = client.map(_run_partition, inputs, task=func, context=shared,
                             has_context=has_context, pure=False)
        slot = {f.key: i for i, f in enumerate(futures)}
        nested: list[list[Any]] = [[] for _ in parts]
        # Collected as they finish and released at once, so a worker holds only the
        # results of the partitions it is working on, never its whole share of the run.
        # (Dask's own progress() would block until every result sat on the workers, so
        # the bar here is tqdm's, counting finished items.)
        with _bar(len(items), label) as advance:
            for future, result in as_completed(futures, with_results=True):
                nested[slot[future.key]] = result
                future.release()
                advance(len(result))
        del futures, inputs
    return [r for part in nested for r in part]
