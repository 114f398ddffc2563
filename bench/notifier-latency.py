#!/usr/bin/env python3
"""Notifier pipeline latency: alert received by Vigil -> webhook received, beyond group_wait.

Starts `vigil server` (server/target/vigil.jar) on a fresh data folder with a webhook receiver
in this process, posts ALERTS alerts spread over GROUPS groups to /api/v2/alerts in batches (as
Prometheus posts them), and for every group measures the time from the POST that created it
returning to the webhook arriving, minus group_wait. Prints p50/p90/p99/max.

usage: bench/notifier-latency.py [ALERTS] [GROUPS] [PORT]    (defaults 10000 1000 17510)
"""
import http.server, json, os, subprocess, sys, tempfile, threading, time, urllib.request
from datetime import datetime, timedelta, timezone

ALERTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
GROUPS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 17510
HOOK_PORT = PORT + 1
GROUP_WAIT = 2.0
BATCH = 500

received = {}  # group -> (time, number of alerts)
lock = threading.Lock()

class Hook(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        now = time.monotonic()
        g = body["groupLabels"]["group"]
        with lock:
            received.setdefault(g, (now, len(body["alerts"])))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a):
        pass

class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 4096  # the default backlog of 5 drops connections and costs seconds
    daemon_threads = True

srv = Server(("127.0.0.1", HOOK_PORT), Hook)
threading.Thread(target=srv.serve_forever, daemon=True).start()

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
    start = datetime.now(timezone.utc)
    ends = (start + timedelta(hours=1)).isoformat()
    alerts = [{"labels": {"alertname": "Bench", "group": f"g{i % GROUPS}", "instance": f"i{i}"},
               "startsAt": start.isoformat(), "endsAt": ends} for i in range(ALERTS)]
    created = {}  # group -> time its first POST returned
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
            if len(received) >= GROUPS:
                break
        time.sleep(0.1)
    lat = sorted(max(0.0, received[g][0] - created[g] - GROUP_WAIT) for g in received)
    got = sum(n for _, n in received.values())
    def q(p):
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
    print(f"posting {ALERTS} alerts in batches of {BATCH} took {posted * 1000:.0f} ms")
    print(f"groups notified: {len(received)}/{GROUPS}, alerts in first notifications: {got}/{ALERTS}")
    print(f"latency beyond group_wait (ms): p50={q(0.5):.0f} p90={q(0.9):.0f} "
          f"p99={q(0.99):.0f} max={lat[-1] * 1000:.0f}")
finally:
    proc.terminate()
    proc.wait(30)
    srv.shutdown()
