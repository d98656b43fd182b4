#!/usr/bin/env python3
"""pty_hold.py [--stdout FILE] SECONDS OUT -- COMMAND...

Runs COMMAND with its standard input, output and error on a new
pseudo-terminal (standard output in FILE instead, with --stdout) whose output
is suspended from the start, as by ^S, and resumed SECONDS after COMMAND
blocks in its first write to it: whatever COMMAND draws next was computed at
least SECONDS after that first write, however fast or loaded the machine.
Everything COMMAND wrote to the terminal goes to OUT, bytes as written (no
output processing). Exits with COMMAND's status.
"""
import os
import platform
import select
import subprocess
import sys
import termios
import time


WRITE = {"x86_64": 1, "aarch64": 64}.get(platform.machine())


def family(pid):
    """pid and its descendants."""
    children = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def blocked_writing(pid):
    """Whether a thread of pid or of its descendants waits in write(2)."""
    for p in family(pid):
        try:
            tids = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{p}/task/{tid}/syscall") as f:
                    fields = f.read().split()
            except OSError:
                continue
            if fields and fields[0] == str(WRITE):
                return True
    return False


def main(argv):
    stdout_file = None
    if argv[:1] == ["--stdout"]:
        stdout_file, argv = argv[1], argv[2:]
    seconds, out, dashes, command = float(argv[0]), argv[1], argv[2], argv[3:]
    assert dashes == "--" and command, __doc__
    master, slave = os.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.OPOST  # "\n" stays "\n"
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    termios.tcflow(slave, termios.TCOOFF)
    stdout = open(stdout_file, "wb") if stdout_file else slave
    if WRITE is None:
        sys.exit(f"pty_hold.py: the number of write(2) on {platform.machine()} is not known")
    child = subprocess.Popen(command, stdin=slave, stdout=stdout, stderr=slave)
    give_up_at = time.monotonic() + 120
    resume_at = None  # SECONDS after the first write is seen waiting
    held, data = True, b""
    while True:
        now = time.monotonic()
        if held and resume_at is None and blocked_writing(child.pid):
            resume_at = now + seconds
        if held and (resume_at is not None and now >= resume_at or child.poll() is not None):
            termios.tcflow(slave, termios.TCOON)
            held = False
        if now >= give_up_at:
            child.kill()
            sys.exit("pty_hold.py: the command ran for over 120 s")
        ready, _, _ = select.select([master], [], [], 0.01 if held else 0.1)
        if ready:
            data += os.read(master, 65536)
        elif not held and child.poll() is not None:
            break  # exited, and all it wrote has been read
    with open(out, "wb") as f:
        f.write(data)
    return child.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
