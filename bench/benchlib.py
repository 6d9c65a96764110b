"""Shared by the benchmark scripts: a release build, timing, medians."""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_build(build):
    """Configures (release) and builds DIR when needed; the command's path."""
    if not os.path.exists(os.path.join(build, "build.ninja")):
        subprocess.run(["meson", "setup", build, "--buildtype=release"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["meson", "compile", "-C", build], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(os.path.abspath(build), "appeal")


def timed(cmd, runs, before=None, cwd=None):
    """Wall seconds of each run and the largest peak RSS (KiB) of the
    process and those it waited for. A list is run as it is, a string
    through sh."""
    walls, rss = [], 0
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        p = subprocess.Popen(cmd if isinstance(cmd, list) else ["sh", "-c", cmd], cwd=cwd,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        walls.append(time.perf_counter() - t)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("bench: failed: %s" % (cmd,))
        rss = max(rss, usage.ru_maxrss)
    return walls, rss


def summary(walls):
    return statistics.median(walls), min(walls), max(walls)


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return "%s, %d cores" % (cpu, os.cpu_count())


def duration(s):
    return "%.1f ms" % (s * 1e3) if s < 1 else "%.2f s" % s
