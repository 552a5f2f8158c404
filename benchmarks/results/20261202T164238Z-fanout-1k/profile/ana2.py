import sys, re
snap=sys.argv[1]; gen=sys.argv[2]
res=[l for l in open(gen) if l.startswith("RESULT")][-1]
kv=dict(p.split("=",1) for p in res.split()[1:])
secs=float(kv["seconds"]); dlv=float(kv["delivered"])
rows=[]
for line in open(snap):
    p=line.split(); t=float(p[1]); d={}
    for x in p[2:]:
        k,v=x.split("="); u,s=v.split(","); d[k]=(int(u),int(s))
    rows.append((t,d))
# last row with loop activity
def loop(d): return d.get("vert.x-event",(0,0))
end=len(rows)-1
while end>0 and loop(rows[end][1])==loop(rows[end-1][1]): end-=1
t1=rows[end][0]
start=max(i for i in range(end) if rows[i][0] <= t1-secs) if rows[0][0] <= t1-secs else 0
a,b=rows[start][1],rows[end][1]
lu=loop(b)[0]-loop(a)[0]; ls=loop(b)[1]-loop(a)[1]
tot=sum(sum(v) for v in b.values())-sum(sum(v) for v in a.values())
# ticks are 10 ms; scale deliveries to window
w=rows[end][0]-rows[start][0]
sw=b.get("syscw",(0,0))[0]-a.get("syscw",(0,0))[0]
tot-=sw
print(f"writes/msg {sw/dlv:.3f} ", end="")
print(f"{kv['label']} window {w:.2f}s (batch {secs}s) loop user {lu*1e4/dlv:.2f} us/msg sys {ls*1e4/dlv:.2f} us/msg jvm total {tot*1e4/dlv:.2f} us/msg  (fanout metric {1e6/float(kv['delivered_per_server_cpu_s']):.2f} us/msg)")
