#!/usr/bin/env python3
"""Summarises fanout.txt (RESULT lines of FanoutGen): per subscribers and size, the median delivered messages per
server CPU-second of each server, ours/peer ratios (min / median / max over rounds), the floor's ratios when it ran
(FloorServer: one write per delivery and nothing else), and heap per subscriber."""
import statistics
import sys
from collections import defaultdict


def parse(path):
    rows = []
    for line in open(path):
        if not line.startswith("RESULT "):
            continue
        kv = dict(p.split("=", 1) for p in line.split()[1:] if "=" in p)
        impl, subs, rnd = kv["label"].split(":")
        kv.update(impl=impl, round=rnd)
        rows.append(kv)
    return rows


def main():
    rows = parse(sys.argv[1])
    perf = defaultdict(dict)   # (subs, size) -> impl -> round -> value
    heap = defaultdict(dict)   # subs -> impl -> [per subscriber]
    delivered = defaultdict(dict)
    wire = defaultdict(dict)   # (subs, size) -> impl -> [(wire bytes per message, compressed share, rss after)]
    for r in rows:
        key = (int(r["subs"]), int(r["size"]))
        perf[key].setdefault(r["impl"], {})[r["round"]] = float(r["delivered_per_server_cpu_s"])
        delivered[key].setdefault(r["impl"], []).append(float(r["delivered"]) / max(float(r["expected"]), 1))
        if "wire_bytes_per_msg" in r:
            wire[key].setdefault(r["impl"], []).append((float(r["wire_bytes_per_msg"]),
                                                        int(r["compressed"]) / max(int(r["delivered"]), 1),
                                                        int(r["rss_after_per_subscriber"])))
        heap[int(r["subs"])].setdefault(r["impl"], {})[r["round"]] = (
            int(r["heap_per_conn"]), int(r["heap_per_sub"]), int(r["heap_per_subscriber"]))
    impls = sorted({r["impl"] for r in rows}, key=lambda i: (i != "ours", i))
    peers = [i for i in impls if i not in ("ours", "floor")]  # the floor has a table of its own
    print("| subscribers | size | " + " | ".join(f"{i} (median)" for i in impls)
          + " | " + " | ".join(f"ours/{p} min / **median** / max" for p in peers) + " | delivered/expected (min) |")
    print("|---" * (2 + len(impls) + len(peers) + 1) + "|")
    for key in sorted(perf):
        cells = [f"{statistics.median(perf[key][i].values()):.0f}" if i in perf[key] else "-" for i in impls]
        ratios = [ratio_cell(perf[key], "ours", p) if "ours" in perf[key] and p in perf[key] else "-" for p in peers]
        ok = min(min(v) for v in delivered[key].values())
        print(f"| {key[0]} | {key[1]} B | " + " | ".join(cells) + " | " + " | ".join(ratios) + f" | {ok:.3f} |")
    floor_table(perf, peers)
    if wire:
        print()
        print("| subscribers | size | server | wire bytes per message | compressed share | RSS per subscriber after "
              "the batch |")
        print("|---|---|---|---|---|---|")
        for key in sorted(wire):
            for i in impls:
                if i in wire[key]:
                    vals = wire[key][i]
                    med = [statistics.median(v[k] for v in vals) for k in range(3)]
                    print(f"| {key[0]} | {key[1]} B | {i} | {med[0]:.1f} | {med[1]:.2f} | {med[2]:.0f} |")
    print()
    print("| subscribers | server | heap per connection | heap per subscription | heap per subscriber (both) |")
    print("|---|---|---|---|---|")
    for subs in sorted(heap):
        for i in impls:
            if i in heap[subs]:
                vals = list(heap[subs][i].values())
                med = [statistics.median(v[k] for v in vals) for k in range(3)]
                print(f"| {subs} | {i} | {med[0]:.0f} | {med[1]:.0f} | {med[2]:.0f} |")


def ratio_cell(perf_key, a, b):
    rs = [perf_key[a][rd] / perf_key[b][rd] for rd in perf_key[a] if rd in perf_key[b]]
    return f"{min(rs):.2f} / **{statistics.median(rs):.2f}** / {max(rs):.2f}" if rs else "-"


def floor_table(perf, idioms):
    """With the floor server in the run: the most any server writing once per delivery could reach against each
    Vert.x idiom (floor/idiom), and how much of the floor ours reaches (ours/floor)."""
    keys = [k for k in sorted(perf) if "floor" in perf[k]]
    if not keys:
        return
    print()
    print("| subscribers | size | " + " | ".join(f"floor/{i} (the most a server writing once per delivery could "
                                                 f"reach) min / **median** / max" for i in idioms)
          + " | ours/floor min / **median** / max |")
    print("|---" * (3 + len(idioms)) + "|")
    for key in keys:
        cells = [ratio_cell(perf[key], "floor", i) if i in perf[key] else "-" for i in idioms]
        cells.append(ratio_cell(perf[key], "ours", "floor") if "ours" in perf[key] else "-")
        print(f"| {key[0]} | {key[1]} B | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
