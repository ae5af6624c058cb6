"""The resource envelope (docs/PERFORMANCE.md; the README's "Hvor meget plan kan"): peak memory and
time of whole `plan` processes on generated plans and on tables exported from them, so the promise
there is measured.

For each size: reading the plan (`liste --json`, nothing kept: the plan is outside git), one edit
(`ret`), and importing the plan's own export as a workbook and as csv into a new plan (the rows
parsed, matched and written) and back into the plan (every row matched, nothing to change). Prints
peak RSS, what it adds per activity over the smallest size, and seconds. One run per figure: memory
does not vary between runs; the seconds are for orientation, `benchmarks/run.py` times properly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PLAN = str(Path(sys.executable).parent / "plan")


def measured(*args: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of `plan ARGS`, output discarded; it must succeed."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        argv = [PLAN, *args]
        pid = os.posix_spawn(
            argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, devnull.fileno(), 1)]
        )
        _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: plan {' '.join(args)}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def figures(size: int, work: Path) -> list[tuple[str, float, float]]:
    plan = work / "plan.yaml"
    plan.write_text(generate(size), encoding="utf-8")
    rows = ("--maks-rækker", str(max(size, 1)))
    out = []
    xlsx, csv = str(work / "plan.xlsx"), str(work / "plan.csv")
    for name, args in [
        ("liste --json", ["liste", "--json", "-f", str(plan)]),
        ("ret (one field)", ["ret", "7", "ansvarlig=Kommunikation", "-f", str(plan)]),
        ("eksporter --format xlsx", ["eksporter", "--format", "xlsx", "-o", xlsx, "-f", str(plan)]),
        ("eksporter --format csv", ["eksporter", "--format", "csv", "-o", csv, "-f", str(plan)]),
        ("importer xlsx, new plan", ["importer", xlsx, *rows, "-f", str(work / "ny-xlsx.yaml")]),
        ("importer csv, new plan", ["importer", csv, *rows, "-f", str(work / "ny-csv.yaml")]),
        ("importer xlsx into the plan", ["importer", xlsx, *rows, "-f", str(plan)]),
    ]:
        seconds, peak = measured(*args)
        out.append((name, seconds, peak))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; one run per figure, peak RSS")
    first: dict[str, tuple[int, float]] = {}
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix="plan-envelope-"))  # outside git: nothing kept
        try:
            results = figures(size, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"\n{size:,} activities")
        print(f"  {'command':30} {'peak MB':>8} {'KB/activity':>12} {'seconds':>8}")
        for name, seconds, peak in results:
            base = first.setdefault(name, (size, peak))
            per = f"{(peak - base[1]) * 1024 / (size - base[0]):.1f}" if size > base[0] else ""
            print(f"  {name:30} {peak:8.0f} {per:>12} {seconds:8.2f}")


if __name__ == "__main__":
    main()
