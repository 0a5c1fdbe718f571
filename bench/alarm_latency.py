"""Alarm latency across processes: from the HTTP request raising an alarm on app process A to
its arrival at a WebSocket connected to app process B, through Redis.

    .venv/bin/python bench/alarm_latency.py [--alarms 200]

Prints the median and the 99th percentile in milliseconds, and, for the ratio, the median
time of the HTTP request alone (the alarm's database work, inbox and robots) beside it.
"""

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.emergencies.cluster import Cluster


async def measure(cluster, count):
    a, b = cluster.ports
    arrivals, requests = [], []
    async with cluster.websocket(b) as socket:
        for _ in range(count):
            start = time.perf_counter()
            alarm_id = await asyncio.to_thread(cluster.raise_alarm, a)
            answered = time.perf_counter()
            while True:
                message = json.loads(await asyncio.wait_for(socket.recv(), timeout=30))
                if message.get("id") == alarm_id and message.get("event") == "raised":
                    break
            arrived = time.perf_counter()
            requests.append((answered - start) * 1000)
            arrivals.append((arrived - start) * 1000)
    return arrivals, requests


def p99(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alarms", type=int, default=200)
    args = parser.parse_args()
    with Cluster() as cluster:
        arrivals, requests = asyncio.run(measure(cluster, args.alarms))
    print(f"alarms: {len(arrivals)} (raised on process A, heard on process B via Redis)")
    print(f"request → WebSocket arrival: median {statistics.median(arrivals):.1f} ms, "
          f"p99 {p99(arrivals):.1f} ms")  # fmt: skip
    print(f"HTTP request alone:          median {statistics.median(requests):.1f} ms, "
          f"p99 {p99(requests):.1f} ms")  # fmt: skip
    ratio = statistics.median(arrivals) / statistics.median(requests)
    print(f"arrival / request (median):  {ratio:.2f}")


if __name__ == "__main__":
    main()
