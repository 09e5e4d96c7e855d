"""The one worker pool: results in order, a failure named, a dead worker's items not lost."""

from __future__ import annotations

import os

import pytest

from briefs.cores import WorkerFailed, on_cores, workers_for

PARALLEL = {"BRIEFS_WORKERS": 3, "BRIEFS_PARALLEL_FROM": 1}
PARENT = os.getpid()


def pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_results_come_back_in_the_order_of_the_items_from_other_processes():
    results = list(on_cores(pid_and_square, list(range(20)), PARALLEL))
    assert [square for _, square in results] == [n * n for n in range(20)]
    assert len({pid for pid, _ in results} - {PARENT}) == 3


def test_small_jobs_and_one_worker_stay_in_this_process():
    assert workers_for({"BRIEFS_WORKERS": 4, "BRIEFS_PARALLEL_FROM": 50}, 49) == 1
    assert workers_for({"BRIEFS_WORKERS": 1, "BRIEFS_PARALLEL_FROM": 1}, 500) == 1
    assert {pid for pid, _ in on_cores(pid_and_square, [1, 2], {"BRIEFS_PARALLEL_FROM": 3})} == {PARENT}


def fail_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError("seven is not allowed")
    return n


def test_an_error_in_a_worker_stops_the_job_and_names_the_item():
    with pytest.raises(WorkerFailed, match=r"item 8: ValueError: seven is not allowed"):
        list(on_cores(fail_on_seven, list(range(20)), PARALLEL))


def die_in_a_worker_on_five(n: int) -> tuple[int, int]:
    if n == 5 and os.getpid() != PARENT:
        os._exit(9)  # as the kernel's OOM killer would stop it
    return pid_and_square(n)


def test_the_items_of_a_worker_that_died_are_done_here(caplog):
    results = list(on_cores(die_in_a_worker_on_five, list(range(12)), PARALLEL))
    assert [square for _, square in results] == [n * n for n in range(12)]
    # Worker 2 of 3 had items 2, 5, 8, 11: those from 5 on were done in this process.
    assert [n for n, (pid, _) in enumerate(results) if pid == PARENT] == [5, 8, 11]
    assert "A worker process stopped" in caplog.text
