"""Timing helper shared by the benchmarks."""

import statistics
import time


def median_ms(fn, repeat: int = 30) -> float:
    """Median wall time of ``fn()`` in milliseconds, after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
