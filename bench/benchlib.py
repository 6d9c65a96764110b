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


class Runs(list):
    """Wall seconds of each run; .cpu holds the CPU seconds (user + system)
    of each, .rss the largest peak RSS in KiB."""
    cpu = None
    rss = 0


def timed(cmd, runs, before=None, cwd=None):
    """Times the runs of cmd with the processes it waited for: wall and CPU
    seconds, peak RSS. On a shared machine the CPU time is the steadier
    figure; wall time includes waiting for the disk (fsync) and for other
    processes. A list is run as it is, a string through sh."""
    walls, rss = Runs(), 0
    walls.cpu = []
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        p = subprocess.Popen(cmd if isinstance(cmd, list) else ["sh", "-c", cmd], cwd=cwd,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        walls.append(time.perf_counter() - t)
        walls.cpu.append(usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("bench: failed: %s" % (cmd,))
        rss = max(rss, usage.ru_maxrss)
    walls.rss = rss
    return walls, rss


def summary(walls):
    return statistics.median(walls), min(walls), max(walls)


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return "%s, %d cores" % (cpu, os.cpu_count())


def duration(s):
    return "%.1f ms" % (s * 1e3) if s < 1 else "%.2f s" % s
