#!/usr/bin/env python3
"""Turns a run's raw results (jmh.json, load.txt) into the ratio tables of docs/BENCHMARKS.md.

usage: report.py RESULT_DIR  -> prints Markdown
Ratios are ours/peer. For throughput, higher is better; for latency and memory, lower is better.
JMH ratios pair the i-th measurement iteration of ours with the i-th of the peer (same fork count and
iteration count), so min/median/max are over iterations. Load ratios pair round r of ours with round r of
the peer (the runs alternate A B A B), so min/median/max are over rounds.
"""
import json
import os
import statistics
import sys


def frames_per_op(size):
    return max(16, 65536 // size)


def load_jmh(d):
    """All JMH results of a run: jmh.json and/or jmh/*.json (one file per parameter set)."""
    files = [os.path.join(d, "jmh.json")]
    if os.path.isdir(os.path.join(d, "jmh")):
        files += sorted(os.path.join(d, "jmh", f) for f in os.listdir(os.path.join(d, "jmh")) if f.endswith(".json"))
    results = []
    for path in files:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            with open(path) as f:
                results += json.load(f)
    return results


def find(jmh, bench, **params):
    for b in jmh:
        if b["benchmark"].endswith("." + bench) and all(b.get("params", {}).get(k) == str(v) for k, v in params.items()):
            return b
    return None


def raw(b):
    return [x for fork in b["primaryMetric"]["rawData"] for x in fork]


def alloc_norm(b):
    for k, v in b.get("secondaryMetrics", {}).items():
        if k.endswith("gc.alloc.rate.norm"):
            return v["score"]
    return None


def stats(values):
    return min(values), statistics.median(values), max(values)


def fmt(x):
    if x is None:
        return "n/a"
    return f"{x:.2f}" if abs(x) < 100 else f"{x:.0f}"


def verdict(med, target, higher_better=True):
    if target is None or med is None:
        return "info"
    ok = med >= target if higher_better else med <= target
    return "MET" if ok else "MISSED"


def jmh_row(jmh, label, ours_name, peer_name, params, target, scale=1.0):
    o, p = find(jmh, ours_name, **params), find(jmh, peer_name, **params)
    if not o or not p:
        return f"| {label} | (not run) | | | | | |"
    ro, rp = raw(o), raw(p)
    n = min(len(ro), len(rp))
    ratios = [ro[i] / rp[i] for i in range(n) if rp[i] > 0]
    lo, med, hi = stats(ratios)
    so, sp = o["primaryMetric"]["score"] * scale, p["primaryMetric"]["score"] * scale
    t = "" if target is None else f">= {target}"
    return f"| {label} | {fmt(so)} | {fmt(sp)} | {fmt(lo)} / **{fmt(med)}** / {fmt(hi)} | {t} | {verdict(med, target)} |"


def codec_tables(jmh):
    out = []
    out.append("### Decode (frames/s, ours vs Netty WebSocket08FrameDecoder)\n")
    out.append("| case | ours | Netty | ratio min / **median** / max | target | |")
    out.append("|---|---|---|---|---|---|")
    for split in ("false", "true"):
        for size in (16, 125, 1024, 65536):
            target = 1.5 if size == 65536 else 3.0
            name = f"{size} B {'split' if split == 'true' else 'whole'}"
            out.append(jmh_row(jmh, name, "DecodeBenchmark.ours", "DecodeBenchmark.netty",
                               {"size": size, "split": split}, target, frames_per_op(size)))
    out.append("\n### Decode: bytes allocated per frame (JMH -prof gc, gc.alloc.rate.norm / frames per op)\n")
    out.append("| case | ours B/frame | Netty B/frame | ours/Netty | target | |")
    out.append("|---|---|---|---|---|---|")
    for split in ("false", "true"):
        for size in (16, 125, 1024, 65536):
            o = find(jmh, "DecodeBenchmark.ours", size=size, split=split)
            p = find(jmh, "DecodeBenchmark.netty", size=size, split=split)
            name = f"{size} B {'split' if split == 'true' else 'whole'}"
            if not o or not p or alloc_norm(o) is None:
                out.append(f"| {name} | n/a | n/a | | < 1 | |")
                continue
            ao, ap = alloc_norm(o) / frames_per_op(size), alloc_norm(p) / frames_per_op(size)
            r = ao / ap if ap > 0 else float("inf")
            out.append(f"| {name} | {ao:.1f} | {ap:.1f} | {fmt(r)} | < 1 | {'MET' if r < 1 else 'MISSED'} |")
    out.append("\n### Encode (frames/s, ours vs Netty WebSocket08FrameEncoder)\n")
    out.append("| case | ours | Netty | ratio min / **median** / max | target | |")
    out.append("|---|---|---|---|---|---|")
    for role in ("server", "client"):
        for size in (16, 125, 1024, 65536):
            out.append(jmh_row(jmh, f"{role} {size} B", "EncodeBenchmark.ours", "EncodeBenchmark.netty",
                               {"size": size, "role": role}, 2.0))
            if role == "server" or size >= 1024:
                # send(Outbound, Consumer), what the bridge uses: from 512 B a header buffer plus the payload, a
                # view of the message's bytes (server) or a masked copy made without zero-filling (client)
                out.append(jmh_row(jmh, f"{role} {size} B, gathering send", "EncodeBenchmark.oursGather",
                                   "EncodeBenchmark.netty", {"size": size, "role": role}, 2.0))
    out.append("\n### Unmask at an odd offset vs System.arraycopy (ops/s; same bytes per op)\n")
    out.append("| case | ours | arraycopy | ratio min / **median** / max | target | |")
    out.append("|---|---|---|---|---|---|")
    for size in (1024, 65536, 1048576):
        out.append(jmh_row(jmh, f"kernel (Masking.mask) {size} B", "UnmaskBenchmark.maskKernel",
                           "UnmaskBenchmark.arraycopy", {"size": size}, 0.3))
        out.append(jmh_row(jmh, f"engine decode of one frame {size} B", "UnmaskBenchmark.decodeFrame",
                           "UnmaskBenchmark.arraycopy", {"size": size}, 0.3))
        out.append(jmh_row(jmh, f"engine decode vs new byte[] + arraycopy {size} B", "UnmaskBenchmark.decodeFrame",
                           "UnmaskBenchmark.allocateAndArraycopy", {"size": size}, None))
    out.append("\n### UTF-8 validation of 16 KiB (ops/s)\n")
    out.append("| case | ours | peer | ratio min / **median** / max | target | |")
    out.append("|---|---|---|---|---|---|")
    for text, target in (("ascii", 10.0), ("mixed", 1.5)):
        out.append(jmh_row(jmh, f"{text}: validator vs Netty Utf8FrameValidator", "Utf8Benchmark.oursValidator",
                           "Utf8Benchmark.nettyValidator", {"text": text}, target))
        out.append(jmh_row(jmh, f"{text}: validator vs new String(UTF_8)", "Utf8Benchmark.oursValidator",
                           "Utf8Benchmark.jdkNewString", {"text": text}, None))
        out.append(jmh_row(jmh, f"{text}: text frame decode vs Netty decoder+validator", "Utf8Benchmark.oursText",
                           "Utf8Benchmark.nettyText", {"text": text}, None))
    out.append("")
    for text in ("ascii", "mixed"):
        t, b, n = (find(jmh, x, text=text) for x in ("Utf8Benchmark.oursText", "Utf8Benchmark.oursBinary",
                                                       "Utf8Benchmark.nettyValidator"))
        if t and b and n:
            extra = 1e9 / t["primaryMetric"]["score"] - 1e9 / b["primaryMetric"]["score"]
            netty = 1e9 / n["primaryMetric"]["score"]
            ratio = f"{netty / extra:.1f}x Netty's" if extra > 0 else "not measurable (within noise)"
            out.append(f"- {text}: validation inside our engine costs {extra:.0f} ns per 16 KiB (text minus binary "
                       f"decode), Netty's validator {netty:.0f} ns: {ratio}.")
    out.append("\n### permessage-deflate round trip, 1 KiB JSON (messages/s)\n")
    out.append("| case | ours | Netty | ratio min / **median** / max | target | |")
    out.append("|---|---|---|---|---|---|")
    out.append(jmh_row(jmh, "compress+frame+mask -> unmask+inflate+validate", "DeflateBenchmark.ours",
                       "DeflateBenchmark.netty", {}, 1.0))
    return out


def load_results(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path) as f:
        for line in f:
            if line.startswith("RESULT "):
                rows.append(dict(kv.split("=", 1) for kv in line.split()[1:]))
    return rows


LOAD = [
    # key, title, metric, higher is better, target
    ("small", "100 conns x 16 in flight x 32 B: messages per server CPU-second", "msgs_per_server_cpu_s", True, 1.3),
    ("small", "100 conns x 16 in flight x 32 B: messages/s (info)", "msgs_per_s", True, None),
    ("rate", "100 conns, fixed rate, 32 B: p99 latency (ours/Vert.x)", "p99_us", False, 1.0),
    ("medium", "10 conns x 4 in flight x 16 KiB: messages per server CPU-second", "msgs_per_server_cpu_s", True, 1.2),
    ("idle", "10,000 idle connections: heap bytes per connection (ours/Vert.x)", "heap_per_conn", False, 0.3),
    ("idle", "10,000 idle connections: resident memory (RSS) per connection (info)", "rss_per_conn", False, None),
    ("idledeflate", "idle permessage-deflate connections: heap bytes per connection (info)", "heap_per_conn", False, None),
    ("idledeflate", "idle permessage-deflate connections: RSS per connection, zlib native memory (info)",
     "rss_per_conn", False, None),
    ("big", "1 connection, 16 MiB messages: MB/s", "mb_per_s", True, 1.0),
    ("big", "1 connection, 16 MiB messages: MB per server CPU-second (info)", "mb_per_server_cpu_s", True, None),
]


def load_tables(rows):
    out = ["### End to end (ours = vertx-bridge echo, peer = Vert.x HttpServer WebSocket echo)\n",
           "| scenario | ours (median) | Vert.x (median) | ratio min / **median** / max | target | |",
           "|---|---|---|---|---|---|"]
    for key, title, metric, higher, target in LOAD:
        def runs(server):
            return {r["label"].split(":")[2]: float(r[metric]) for r in rows
                    if r["label"].split(":")[0] == key and r["label"].split(":")[1] == server and metric in r}
        o, p = runs("ours"), runs("vertx")
        common = sorted(set(o) & set(p))
        if not common:
            out.append(f"| {title} | (not run) | | | | |")
            continue
        ratios = [o[k] / p[k] for k in common if p[k] > 0]
        lo, med, hi = stats(ratios)
        t = "" if target is None else (f">= {target}" if higher else f"<= {target}")
        out.append(f"| {title} | {fmt(statistics.median(o.values()))} | {fmt(statistics.median(p.values()))} | "
                   f"{fmt(lo)} / **{fmt(med)}** / {fmt(hi)} | {t} | {verdict(med, target, higher)} |")
    out.append("\n### Is the generator the bottleneck? (CPU used / wall time; 1.0 = one core busy)\n")
    out.append("| run | target rate | msgs/s | server CPU | generator CPU | p99 us |")
    out.append("|---|---|---|---|---|---|")
    for r in rows:
        if r.get("scenario") == "load":
            rate = "closed loop" if float(r["rate"]) == 0 else r["rate"]
            out.append(f"| {r['label']} | {rate} | {float(r['msgs_per_s']):.0f} | {float(r['server_util']):.2f} | "
                       f"{float(r['gen_util']):.2f} | {float(r['p99_us']):.0f} |")
    return out


def main():
    d = sys.argv[1]
    lines = load_tables(load_results(os.path.join(d, "load.txt")))
    lines.append("")
    lines += codec_tables(load_jmh(d))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
