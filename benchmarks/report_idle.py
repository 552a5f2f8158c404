"""The idle-connection chart (SVG) and table of report.py, and the server names both use.

pts: server -> {connections: (heap per connection, RSS outside the heap per connection, RSS per connection)}.
"""

NAMES = {"ours": "ours", "vertx": "Vert.x", "netty": "raw Netty", "uws": "uWebSockets.js", "nodews": "Node ws"}
NODE = ("uws", "nodews")


COLORS = {"ours": "#d62728", "vertx": "#1f77b4", "netty": "#2ca02c", "uws": "#9467bd", "nodews": "#ff7f0e"}


def idle_svg(pts):
    """Three panels (heap, RSS outside the heap, all RSS per connection vs connection count), one line per server."""
    w, h, left, top, pw, ph = 1170, 330, 70, 40, 290, 230
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" '
             f'font-size="11"><rect width="{w}" height="{h}" fill="white"/>']
    counts = sorted({n for v in pts.values() for n in v})
    if not counts:
        return None
    xmax = max(counts) * 1.05
    for panel, (title, idx) in enumerate((("heap per connection (JVM servers)", 0),
                                          ("RSS outside the heap per conn. (Node: all)", 1),
                                          ("RSS per connection", 2))):
        x0 = left + panel * (pw + 90)
        series = {s: [(n, v[idx]) for n, v in p.items() if not (idx == 0 and s in NODE) and v[idx] == v[idx]]
                  for s, p in pts.items()}
        ymax = max([y for pts_ in series.values() for _, y in pts_] + [1]) * 1.1
        parts.append(f'<text x="{x0 + pw / 2}" y="{top - 15}" text-anchor="middle" font-size="13">{title}</text>')
        parts.append(f'<rect x="{x0}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
        for i in range(5):
            yv = ymax * i / 4
            y = top + ph - ph * i / 4
            parts.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{y}" y2="{y}" stroke="#eee"/>')
            parts.append(f'<text x="{x0 - 5}" y="{y + 4}" text-anchor="end">{yv / 1000:.1f} KB</text>')
        for n in counts:
            x = x0 + pw * n / xmax
            parts.append(f'<text x="{x}" y="{top + ph + 15}" text-anchor="middle">{f"{n / 1000:g}k" if n >= 1000 else n}</text>')
        parts.append(f'<text x="{x0 + pw / 2}" y="{top + ph + 30}" text-anchor="middle">idle connections</text>')
        for srv, p in series.items():
            if not p:
                continue
            xy = [(x0 + pw * n / xmax, top + ph - ph * max(y, 0) / ymax) for n, y in p]
            c = COLORS.get(srv, "black")
            parts.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="'
                         + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy) + '"/>')
            parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{c}"/>' for x, y in xy]
    for i, srv in enumerate(pts):
        parts.append(f'<rect x="{left + i * 160}" y="{h - 22}" width="12" height="12" fill="{COLORS.get(srv, "black")}"/>'
                     f'<text x="{left + i * 160 + 16}" y="{h - 12}">{NAMES.get(srv, srv)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def idle_table(pts):
    counts = sorted({n for v in pts.values() for n in v})
    out = ["\n### Idle connections: cost per connection by count (bytes: heap / RSS outside the heap / all RSS; "
           "medians)\n",
           "| connections | " + " | ".join(NAMES.get(s, s) for s in pts) + " | ours/raw Netty: heap, outside, RSS |",
           "|---" * (len(pts) + 2) + "|"]
    for n in counts:
        cells = []
        for s, p in pts.items():
            if n not in p:
                cells.append("")
                continue
            heap, outside, rss = (("n/a" if x != x else f"{x:.0f}") for x in p[n])
            cells.append(f"- / {outside} / {rss}" if s in NODE else f"{heap} / {outside} / {rss}")
        ratio = ""
        if n in pts.get("ours", {}) and n in pts.get("netty", {}):
            o, q = pts["ours"][n], pts["netty"][n]
            ratio = ", ".join(f"{a / b:.2f}" if b > 0 and a == a else "n/a" for a, b in zip(o, q))
        out.append(f"| {n} | " + " | ".join(cells) + f" | {ratio} |")
    return out
