#!/usr/bin/env python3
"""cleancopy serve under load, on loopback: conversions per second and memory per conversion.

Starts `cleancopy serve --jobs J` on a free port, then posts a saved article (the page a
bookmarklet sends: its HTML, no fetching) to /api/convert from J clients at once, COUNT times,
for EPUB and PDF. Reports conversions per second, the server's resident memory when idle and
its peak under load (VmRSS sampled every 20 ms, and VmHWM), and the peak less the idle memory
divided by J: the memory one conversion in flight takes. Prints a Markdown table.

    bench/serve.py                                   (target/release/cleancopy)
    CLEANCOPY=target/debug/cleancopy COUNT=40 JOBS="1 2" bench/serve.py
"""
import http.client
import json
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("CLEANCOPY", os.path.join(ROOT, "target/release/cleancopy"))
COUNT = int(os.environ.get("COUNT", "200"))
JOBS = [int(j) for j in os.environ.get("JOBS", "1 2").split()]
PAGE = os.environ.get("PAGE", os.path.join(ROOT, "tests/fixtures/article.html"))


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def post(port, body):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.connect()
    # As curl and browsers do: the request's head and body go out without waiting on each other.
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    connection.request("POST", "/api/convert", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{response.status}: {data[:200]!r}")
    return len(data)


def client(port, body, count):
    """Posts `body` `count` times, one request after another."""
    for _ in range(count):
        post(port, body)


def run(jobs, fmt, html):
    server = subprocess.Popen(
        [BINARY, "serve", "--listen", "127.0.0.1:0", "--jobs", str(jobs), "--queue", "1000"],
        stderr=subprocess.PIPE,
        text=True,
    )
    first = server.stderr.readline()
    port = int(first.strip().rsplit(":", 1)[1])
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
    body = json.dumps({"html": html, "format": fmt}).encode()
    post(port, body)  # warm-up: fonts, hyphenation patterns
    idle = rss_kib(server.pid)
    peak = [idle]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib(server.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    shares = [COUNT // jobs + (1 if i < COUNT % jobs else 0) for i in range(jobs)]
    started = time.monotonic()
    clients = [multiprocessing.Process(target=client, args=(port, body, n)) for n in shares]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
        if c.exitcode != 0:
            raise RuntimeError("a client failed")
    elapsed = time.monotonic() - started
    done.set()
    sampler.join()
    hwm = rss_kib(server.pid, "VmHWM")
    server.terminate()
    server.wait(timeout=30)
    return COUNT / elapsed, idle / 1024, max(peak[0], hwm) / 1024


def main():
    html = open(PAGE, encoding="utf-8").read()
    # Pictures named by address would be fetched: a measure of the network (and, offline, of
    # the resolver's 5 s timeout on one request in ~30), not of the server.
    html = re.sub(r"<img\b[^>]*>|<meta property=\"og:image\"[^>]*>", "", html)
    cores = os.cpu_count()
    print(f"{BINARY}, {COUNT} conversions of {os.path.basename(PAGE)} ({len(html)} bytes), {cores} cores")
    print()
    print("| format | --jobs (clients) | conversions/s | per job | idle RSS | peak RSS | per conversion in flight |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for fmt in ["epub", "pdf"]:
        for jobs in JOBS:
            rate, idle, peak = run(jobs, fmt, html)
            print(
                f"| {fmt} | {jobs} | {rate:.1f} | {rate / jobs:.1f} | {idle:.0f} MiB | {peak:.0f} MiB "
                f"| {(peak - idle) / jobs:.1f} MiB |"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
