#!/usr/bin/env python3
"""Attributes the latency tail of run.sh's fixed-rate runs: what was going on when messages were slow.

usage: tail.py RESULT_DIR  -> prints Markdown (report.py includes it in summary.md)

Inputs per run (IMPL = server, R = round), every time in System.nanoTime() (Linux's monotonic clock):
  trace-rate-IMPL-R.txt   the generator's TailTrace: slow messages (due time, latency), generator stalls (gaps
                          >= 200 us between turns of its spinning loop), and every millisecond the run-queue wait
                          of the server's event-loop thread (from /proc/PID/task/TID/schedstat)
  gc-rate-IMPL-R.txt      the server JVM's -Xlog:gc,safepoint with the timenanos decorator (JVM servers only)
  gc-gen-rate-IMPL-R.txt  the generator JVM's, the same way
Slow messages whose windows [due, echoed] overlap are merged into episodes (a stall delays the messages queued
behind it too). Each episode is put down to the cause that covers most of it: a server safepoint that is a GC
pause, another server safepoint, a generator stall (split by whether the generator was at a safepoint), or the
server's event loop waiting for a CPU (run-queue wait inside the episode). If none covers a quarter of the
episode, it is "other": the server was running and not paused, i.e. its own work or queueing.
"""
import bisect
import os
import re
import sys

CAUSES = ["server GC pause", "server safepoint (not GC)", "generator stall", "server waiting for a CPU", "other"]
SAFEPOINT = re.compile(r'\[(\d+)ns\] Safepoint "([^"]+)".*Total: (\d+) ns')


def read_trace(path):
    slow, stalls, runq, header = [], [], [], ""
    with open(path) as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            if p[0] == "#":
                header = line[2:].strip()
            elif p[0] == "slow":
                due, lat = int(p[1]), int(p[2])
                slow.append((due, due + lat))
            elif p[0] == "stall":
                stalls.append((int(p[1]), int(p[2])))
            elif p[0] == "runq":
                runq.append((int(p[1]), int(p[2])))
    return header, sorted(slow), stalls, runq


def read_safepoints(path):
    """(start, end, name) of every safepoint in a JVM log with the timenanos decorator."""
    out = []
    if not os.path.exists(path):
        return None
    with open(path) as f:
        for line in f:
            m = SAFEPOINT.search(line)
            if m:
                end, total = int(m.group(1)), int(m.group(3))
                out.append((end - total, end, m.group(2)))
    return out


def is_gc(name):
    return "Collect" in name or "GC" in name


def overlap(a, b, intervals):
    return sum(max(0, min(b, e) - max(a, s)) for s, e, *_ in intervals)


def wait_between(runq, a, b):
    """Run-queue wait of the server's loop thread accumulated between the samples around [a, b]."""
    times = [t for t, _ in runq]
    i, j = bisect.bisect_right(times, a) - 1, bisect.bisect_left(times, b)
    if i < 0 or j >= len(runq):
        return 0
    return runq[j][1] - runq[i][1]


def episodes(slow):
    eps = []
    for s, e in slow:
        if eps and s <= eps[-1][1]:
            eps[-1][1] = max(eps[-1][1], e)
            eps[-1][2].append((s, e))
        else:
            eps.append([s, e, [(s, e)]])
    return eps


def attribute(trace, server_sp, gen_sp):
    header, slow, stalls, runq = trace
    counts = {c: 0 for c in CAUSES}
    gen_gc = 0
    for a, b, msgs in episodes(slow):
        span = b - a
        covered = {
            "server GC pause": overlap(a, b, [x for x in server_sp or [] if is_gc(x[2])]),
            "server safepoint (not GC)": overlap(a, b, [x for x in server_sp or [] if not is_gc(x[2])]),
            "generator stall": overlap(a, b, stalls),
            "server waiting for a CPU": wait_between(runq, a, b),
        }
        cause = max(covered, key=covered.get)
        if covered[cause] < span / 4:
            cause = "other"
        counts[cause] += len(msgs)
        if cause == "generator stall" and gen_sp and overlap(a, b, gen_sp) > 0:
            gen_gc += len(msgs)
    return counts, gen_gc


def window_stats(trace, server_sp):
    """Over the measured window (first to last run-queue sample): GC pauses and the loop thread's run-queue wait."""
    runq = trace[3]
    if len(runq) < 2:
        return None
    a, b = runq[0][0], runq[-1][0]
    pauses = [(e - s) for s, e, n in server_sp or [] if is_gc(n) and e >= a and s <= b]
    return {
        "seconds": (b - a) / 1e9,
        "gc_count": len(pauses),
        "gc_max_ms": max(pauses) / 1e6 if pauses else 0.0,
        "gc_total_ms": sum(pauses) / 1e6,
        "runq_ms": (runq[-1][1] - runq[0][1]) / 1e6,
        "stall_ms": sum(e - s for s, e in trace[2]) / 1e6,
        "stalls": len(trace[2]),
    }


def tables(d):
    runs = sorted(f[len("trace-rate-"):-len(".txt")] for f in os.listdir(d)
                  if f.startswith("trace-rate-") and f.endswith(".txt"))
    if not runs:
        return []
    out = ["### Where the fixed-rate latency tail comes from (messages >= the slow threshold, by cause)\n",
           "Each slow message counts once, under the cause that covers most of its episode (see benchmarks/tail.py). "
           "GC columns: the server's GC pauses during the measured interval (JVM servers; n/a for Node, whose GC "
           "is not logged). Run-queue: the time the server's event-loop thread was runnable but not running. "
           "Stalls: the generator's own gaps of 200 us or more.\n",
           "| run | slow msgs | " + " | ".join(CAUSES) + " | GC pauses (max ms, total ms) | loop run-queue ms | "
           "generator stalls (ms) |",
           "|---" * (len(CAUSES) + 5) + "|"]
    for run in runs:
        trace = read_trace(os.path.join(d, f"trace-rate-{run}.txt"))
        server_sp = read_safepoints(os.path.join(d, f"gc-rate-{run}.txt"))
        gen_sp = read_safepoints(os.path.join(d, f"gc-gen-rate-{run}.txt"))
        counts, gen_gc = attribute(trace, server_sp, gen_sp)
        w = window_stats(trace, server_sp)
        n = sum(counts.values())
        cells = []
        for c in CAUSES:
            v = counts[c]
            cell = f"{v} ({100 * v / n:.0f}%)" if n else "0"
            if c == "generator stall" and gen_gc:
                cell += f", {gen_gc} at a generator safepoint"
            cells.append(cell)
        gc = "n/a" if server_sp is None or w is None else f"{w['gc_count']} ({w['gc_max_ms']:.1f}, {w['gc_total_ms']:.1f})"
        runq = "n/a" if w is None else f"{w['runq_ms']:.1f}"
        stalls = "n/a" if w is None else f"{w['stalls']} ({w['stall_ms']:.1f})"
        out.append(f"| {run} | {n} | " + " | ".join(cells) + f" | {gc} | {runq} | {stalls} |")
    return out


PAUSE = re.compile(r"GC\(\d+\) (Pause [^(]*\([^)]*\)).* ([\d.]+)ms$")


def gc_summary(d):
    """GC pauses of every JVM server process of the run (whole process lifetime, idle tests' System.gc() included)."""
    files = sorted(f for f in os.listdir(d) if (f.startswith("server-") and f.endswith("-gc.txt"))
                   or (f.startswith("gc-rate-") and f.endswith(".txt")))
    if not files:
        return []
    out = ["\n### GC pauses per JVM server process (from its -Xlog:gc log)\n",
           "| log | young pauses | max young ms | full pauses (System.gc() of the idle tests) | max full ms |",
           "|---|---|---|---|---|"]
    for f in files:
        young, full = [], []
        with open(os.path.join(d, f)) as fh:
            for line in fh:
                m = PAUSE.search(line.strip())
                if m:
                    (full if "Full" in m.group(1) else young).append(float(m.group(2)))
        out.append(f"| {f} | {len(young)} | {max(young, default=0):.2f} | {len(full)} | {max(full, default=0):.2f} |")
    return out


if __name__ == "__main__":
    print("\n".join(tables(sys.argv[1]) + gc_summary(sys.argv[1])))
