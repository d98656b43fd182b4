#!/usr/bin/env python3
"""Run a command and measure its wall time, peak anonymous memory and peak RSS.

Peak anonymous memory (heap, thread stacks: what the process allocated, not
the pages of files it mapped) is sampled: RssAnon from /proc/PID/status every
INTERVAL seconds (20 ms by default) while the command runs. Peak RSS is the
kernel's exact high-water mark (ru_maxrss from wait4, the same as VmHWM),
which also counts mapped file pages such as libgit2's pack files.

The wall time is from the fork to the reaping of the child: the main thread
blocks in wait4 while a second thread samples, so sampling adds no latency.

usage: bench/peak_rss.py [--interval S] -- CMD [ARGS...]
       passes the command's stdout and stderr through, then writes one JSON
       line to stderr: seconds, peak_rss_anon_mib, peak_rss_mib, user_seconds,
       sys_seconds, samples, returncode; exits with the command's status
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time


def _status_kib(path, keys):
    """{key: kB} of the given /proc/PID/status keys; {} once the process is gone."""
    found = {}
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in keys:
                    found[k] = int(v.split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return found


def measure(cmd, interval=0.02, cwd=None):
    """Runs cmd; returns (result dict, stdout bytes, stderr bytes)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
        path = f"/proc/{p.pid}/status"
        peak = {"RssAnon": 0, "VmHWM": 0, "samples": 0}
        done = threading.Event()

        def sample():
            while not done.is_set():
                s = _status_kib(path, ("RssAnon", "VmHWM"))
                if s:
                    peak["samples"] += 1
                    peak["RssAnon"] = max(peak["RssAnon"], s.get("RssAnon", 0))
                    peak["VmHWM"] = max(peak["VmHWM"], s.get("VmHWM", 0))
                done.wait(interval)

        t = threading.Thread(target=sample, daemon=True)
        t.start()
        _, status, ru = os.wait4(p.pid, 0)
        secs = time.monotonic() - start
        done.set()
        t.join()
        p.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        res = {"seconds": secs,
               "peak_rss_anon_mib": peak["RssAnon"] / 1024,
               "peak_rss_mib": max(ru.ru_maxrss, peak["VmHWM"]) / 1024,
               "user_seconds": ru.ru_utime, "sys_seconds": ru.ru_stime,
               "samples": peak["samples"], "interval_seconds": interval,
               "returncode": p.returncode}
        return res, out.read(), err.read()


def main():
    args = sys.argv[1:]
    interval = 0.02
    if args[:1] == ["--interval"]:
        interval = float(args[1])
        args = args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    res, out, err = measure(args, interval)
    sys.stdout.buffer.write(out)
    sys.stderr.buffer.write(err)
    print(json.dumps(res), file=sys.stderr)
    return res["returncode"]


if __name__ == "__main__":
    sys.exit(main())
