#!/usr/bin/env python3
"""Notifier pipeline latency: alert received by Vigil -> webhook received, beyond group_wait.

Starts `vigil server` (server/target/vigil.jar) on a fresh data folder and a webhook receiver
(bench/notifier/NotifyHook.java, the JDK's HTTP server on virtual threads), posts ALERTS alerts spread over GROUPS groups to /api/v2/alerts in batches (as
Prometheus posts them), and for every group measures the time from the start of the POST that
created it to the webhook arriving, minus group_wait. Does it twice on the same server, in new
groups: "cold" (the JVM's first notifications) and "warm". Prints min/p50/p90/p99/max of each.

usage: bench/notifier-latency.py [ALERTS] [GROUPS] [PORT]    (defaults 10000 1000 17510)
"""
import json, os, subprocess, sys, tempfile, threading, time, urllib.request
from datetime import datetime, timedelta, timezone

ALERTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
GROUPS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 17510
HOOK_PORT = PORT + 1
GROUP_WAIT = 2.0
BATCH = 500

received = {}  # group -> (time, number of alerts) of its first notification
notified = {}  # group -> how many notifications it got (more than one is a duplicate)
lock = threading.Lock()

def read_hook(stream):
    """Records each notification the Java receiver prints: nanoTime, group, number of alerts."""
    for line in stream:
        parts = line.split()
        if len(parts) != 3:
            continue
        t = int(parts[0]) / 1e9
        with lock:
            received.setdefault(parts[1], (t, int(parts[2])))
            notified[parts[1]] = notified.get(parts[1], 0) + 1

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
tmp = tempfile.mkdtemp(prefix="vigil-notify-bench-")
cfg = os.path.join(tmp, "vigil.yml")
with open(cfg, "w") as f:
    f.write(f"""rules: {{builtin: false}}
alertmanager:
  route:
    receiver: hook
    group_by: [group]
    group_wait: {int(GROUP_WAIT)}s
    group_interval: 5m
    repeat_interval: 4h
  receivers:
    - name: hook
      webhook_configs:
        - url: http://127.0.0.1:{HOOK_PORT}/
""")
java = os.environ.get("JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
hook = subprocess.Popen([java, os.path.join(root, "bench/notifier/NotifyHook.java"), str(HOOK_PORT)],
                        stdout=subprocess.PIPE, text=True)
if hook.stdout.readline().strip() != "ready":
    sys.exit("the webhook receiver did not start")
threading.Thread(target=read_hook, args=(hook.stdout,), daemon=True).start()
jar = os.environ.get("VIGIL_JAR", os.path.join(root, "server/target/vigil.jar"))
proc = subprocess.Popen([java, "-jar", jar, "server",
                         f"--listen=127.0.0.1:{PORT}", f"--data={tmp}/data", f"--config={cfg}",
                         "--otlp.grpc-listen=off"], stdout=open(f"{tmp}/out.log", "w"),
                        stderr=subprocess.STDOUT)
try:
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/-/ready", timeout=1)
            break
        except Exception:
            time.sleep(0.2)
    def run_round(name):
        """Posts ALERTS alerts in GROUPS new groups; returns the groups' latencies in seconds."""
        start = datetime.now(timezone.utc)
        ends = (start + timedelta(hours=1)).isoformat()
        alerts = [{"labels": {"alertname": "Bench", "group": f"{name}{i % GROUPS}",
                              "instance": f"i{i}"},
                   "startsAt": start.isoformat(), "endsAt": ends} for i in range(ALERTS)]
        created = {}  # group -> time its first POST started
        posting = time.monotonic()
        for b in range(0, ALERTS, BATCH):
            chunk = alerts[b:b + BATCH]
            req = urllib.request.Request(f"http://127.0.0.1:{PORT}/api/v2/alerts",
                                         data=json.dumps(chunk).encode(),
                                         headers={"Content-Type": "application/json"})
            t0 = time.monotonic()
            urllib.request.urlopen(req, timeout=60).read()
            for a in chunk:
                created.setdefault(a["labels"]["group"], t0)
        posted = time.monotonic() - posting
        deadline = time.monotonic() + GROUP_WAIT + 60
        while time.monotonic() < deadline:
            with lock:
                if all(g in received for g in created):
                    break
            time.sleep(0.1)
        with lock:
            mine = {g: received[g] for g in created if g in received}
        lat = sorted(max(0.0, mine[g][0] - created[g] - GROUP_WAIT) for g in mine)
        got = sum(n for _, n in mine.values())
        def q(p):
            return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
        print(f"{name}: posting {ALERTS} alerts in batches of {BATCH} took {posted * 1000:.0f} ms; "
              f"groups notified {len(mine)}/{GROUPS}, alerts in first notifications {got}/{ALERTS}")
        print(f"{name}: latency beyond group_wait (ms): min={lat[0] * 1000:.0f} p50={q(0.5):.0f} "
              f"p90={q(0.9):.0f} p99={q(0.99):.0f} max={lat[-1] * 1000:.0f}")

    # The first round meets a cold JVM (class loading, the JIT, the first connections); the
    # second is the steady state a server that has run for a while is in. Both are reported.
    run_round("cold")
    time.sleep(GROUP_WAIT)
    run_round("warm")
    time.sleep(1.0)  # anything sent twice arrives by now (group_interval is 5 minutes)
    with lock:
        dup = sum(n - 1 for n in notified.values())
    print(f"notifications: {sum(notified.values())} to {len(notified)} groups, duplicates {dup}")
finally:
    proc.terminate()
    proc.wait(30)
    hook.terminate()
