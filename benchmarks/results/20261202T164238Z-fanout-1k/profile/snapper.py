import os, sys, time
pid = sys.argv[1]; gp = sys.argv[2]; out = open(sys.argv[3], "w")
while os.path.exists(f"/proc/{gp}"):
    t = time.time(); agg = {}
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                s = open(f"/proc/{pid}/task/{tid}/stat").read()
                comm = s[s.index("(")+1:s.rindex(")")].replace(" ", "_")[:12]
                f = s[s.rindex(")")+2:].split()
                u, k = int(f[11]), int(f[12])
                a = agg.setdefault(comm, [0, 0]); a[0] += u; a[1] += k
            except OSError: pass
    except OSError: break
    try:
        io = dict(l.split(": ") for l in open(f"/proc/{pid}/io").read().split("\n") if ": " in l)
        agg["syscw"] = [int(io["syscw"]), 0]
    except OSError: pass
    out.write("T %f %s\n" % (t, " ".join(f"{c}={u},{k}" for c, (u, k) in sorted(agg.items()))))
    out.flush()
    time.sleep(0.25)
