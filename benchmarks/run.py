"""`make bench`: whole-process timings of `plan` commands against two floors measured in the same run.

Floors: a no-op Typer app (startup) and a bare `yaml.load(..., Loader=CSafeLoader)` of the same file
in the same venv (naive loading). Runs are interleaved (every command once per round) so machine
noise hits all of them alike; we report medians, peak RSS and ratios. No assertions: the figures
go into docs/PERFORMANCE.md with the command that produced them.

The work folder is inside this repository, so read commands find the plan they kept before
(planfile/kept.py) as they would in a user's repository; "(cold)" rows remove it before each run and so
pay for reading the YAML and keeping the plan again, as the first read after an edit does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
PLAN = str(BIN / "plan")
PY = sys.executable

COMMANDS: list[tuple[str, list[str], bool]] = [  # name, arguments after `plan`, edits the file
    ("list --help", ["list", "--help"], False),
    ("list --json (cold)", ["list", "--json"], False),  # first: an edit in the round before kept no plan
    ("list --json", ["list", "--json"], False),
    ("list --ansvarlig X", ["list", "--ansvarlig", "Koordinator"], False),
    ("due --month marts --json", ["due", "--month", "marts", "--json"], False),
    ("due --month marts", ["due", "--month", "marts", "--today", "2020-03-01"], False),
    ("check", ["check"], False),
    ("set-status", ["set-status", "7", "I gang"], True),
    (
        "add",
        [
            "add",
            "--tidspunkt",
            "primo april",
            "--emne",
            "Bæredygtighedspulje",
            "--aktivitet",
            "Ny aktivitet",
            "--ansvarlig",
            "Koordinator for Bæredygtig Udvikling",
        ],
        True,
    ),
    ("export --format ics", ["export", "--format", "ics"], False),
    ("ret (one field)", ["ret", "7", "ansvarlig=Kommunikation og presse"], True),
    ("fjern (one activity)", ["fjern", "7"], True),
]


# Start-up on the shipped plan (issue 11.14): the commands people type most, against the no-op Typer
# app, with their targets. "cold" removes the kept plan (.git/plan-cache/planer/) before each run, so
# it pays for reading the YAML and keeping the plan again, as the first command after an edit does.
STARTUP: list[tuple[str, list[str], float | None]] = [
    ("list --json (cold)", ["list", "--json"], None),
    ("list --json", ["list", "--json"], 1.25),
    ("due --month marts --json", ["due", "--month", "marts", "--json"], 1.25),
    ("list (a table)", ["list"], 1.4),
    ("list --ansvarlig X (a table)", ["list", "--ansvarlig", "Koordinator"], 1.4),
    ("due --month marts (a table)", ["due", "--month", "marts", "--today", "2020-03-01"], 1.4),
    ("due (today, quiet flag)", ["due", "--today", "2020-06-15"], 1.4),
]


def forget_kept_plans(inside: Path) -> None:
    """Remove the plans read commands keep (.git/plan-cache/planer/), for a "cold" run."""
    from baeredygtig_cli.planfile.cache import folder_for
    from baeredygtig_cli.planfile.kept import PLANS

    folder = folder_for(inside / "plan.yaml")
    if folder is not None:
        shutil.rmtree(folder / PLANS, ignore_errors=True)


def startup(rounds: int) -> None:
    """Whole-process medians on the shipped plan.yaml itself (committed, so `plan due` asks git which
    activities are quiet, as it does in a user's repository), interleaved with the no-op Typer app.
    Every command here only reads."""
    plan = ROOT / "plan.yaml"
    jobs = [("floor: no-op Typer app", [PY, str(HERE / "noop_typer.py")])]
    jobs += [(name, [PLAN, *args, "-f", str(plan)]) for name, args, _ in STARTUP]
    samples: dict[str, list[float]] = {name: [] for name, _ in jobs}
    for _ in range(rounds):
        for name, argv in jobs:
            if name.endswith("(cold)"):
                forget_kept_plans(ROOT)
            samples[name].append(run_once(argv)[0])
    noop = statistics.median(samples[jobs[0][0]])
    targets = {name: target for name, _, target in STARTUP}
    print(f"\nstart-up on the shipped plan ({rounds} rounds, interleaved)")
    print(f"  {'command':30} {'median s':>9} {'÷ no-op':>8} {'target':>7}")
    for name, times in samples.items():
        target = targets.get(name)
        median = statistics.median(times)
        print(f"  {name:30} {median:9.3f} {median / noop:8.2f} {f'≤ {target:.2f}' if target else '':>7}")


def commands_for(size: int) -> list[tuple[str, list[str], bool]]:
    """The fixed commands, and a bulk edit of up to 1,000 activities (by id) in one write."""
    bulk = [str(i) for i in range(1, min(size, 1000) + 1)]
    return [*COMMANDS, (f"ret {len(bulk):,} ids (bulk)", ["ret", *bulk, "status=I gang", "--ja"], True)]


def run_once(argv: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one whole process, output discarded (what it says on stderr, such
    as an edit's tip to set up the merge driver, is shown only if it fails)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull, tempfile.TemporaryFile() as said:
        actions = [(os.POSIX_SPAWN_DUP2, devnull.fileno(), 1), (os.POSIX_SPAWN_DUP2, said.fileno(), 2)]
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            said.seek(0)
            raise SystemExit(f"failed: {' '.join(argv)}\n{said.read().decode('utf-8', 'replace')}")
    return elapsed, usage.ru_maxrss / 1024


def bench(size: int, rounds: int, work: Path) -> list[tuple[str, float, float]]:
    source = HERE / "out" / f"plan-{size}.yaml"
    if not source.exists():
        raise SystemExit(f"{source} is missing: run benchmarks/generate.py first")
    plan = work / "plan.yaml"
    shutil.copyfile(source, plan)
    floors = [
        ("floor: no-op Typer app", [PY, str(HERE / "noop_typer.py")], False),
        ("floor: bare CSafeLoader load", [PY, "-c", "import sys, yaml; "
         "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)", str(plan)], False),
    ]  # fmt: skip
    jobs = floors + [
        (name, [PLAN, *args, "-f", str(plan)], edits) for name, args, edits in commands_for(size)
    ]
    # The merge driver: OURS is the plan (restored each round), THEIRS changes a status and a text.
    base, theirs = work / "base.yaml", work / "theirs.yaml"
    shutil.copyfile(source, base)
    text = source.read_text(encoding="utf-8")
    theirs.write_text(text.replace("status: Afventer", "status: I gang", 1).replace(
        "ansvarlig: Koordinator", "ansvarlig: Kommunikation", 1), encoding="utf-8")  # fmt: skip
    jobs.append(("merge (3 versions)", [PLAN, "merge", str(base), str(plan), str(theirs)], True))
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in jobs}
    for _ in range(rounds):
        for name, argv, _edits in jobs:
            shutil.copyfile(source, plan)  # every command sees the same plan (an edit changed it)
            if name.endswith("(cold)"):
                forget_kept_plans(ROOT)
            samples[name].append(run_once(argv))
    shutil.copyfile(source, plan)
    return [(name, statistics.median(t for t, _ in s), max(m for _, m in s)) for name, s in samples.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[50, 1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=0, help="runs per command (default: 7, 3 at 100k)")
    parser.add_argument("--startup", type=int, default=25, metavar="ROUNDS", help="start-up rounds (0: none)")
    args = parser.parse_args()
    work = HERE / "out" / "work"
    work.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of whole-process runs")
    if args.startup:
        startup(args.startup)
    previous: dict[str, float] = {}
    for size in args.sizes:
        rounds = args.rounds or (3 if size >= 100_000 else 7)
        results = bench(size, rounds, work)
        noop = results[0][1]
        bare = results[1][1]
        print(f"\n{size:,} activities ({rounds} rounds)")
        header = ("command", "median s", "peak MB", "÷ no-op", "÷ bare load", "growth")
        print("  {:30} {:>9} {:>8} {:>8} {:>12} {:>7}".format(*header))
        for name, seconds, rss in results:
            growth = f"{seconds / previous[name]:.1f}x" if name in previous else ""
            ratios = f"{seconds / noop:8.2f} {seconds / bare:12.2f}"
            print(f"  {name:30} {seconds:9.3f} {rss:8.0f} {ratios} {growth:>7}")
            previous[name] = seconds


if __name__ == "__main__":
    main()
