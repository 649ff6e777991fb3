"""Ranks where a ColdMail trace spent CPU: `python3 bench/lib/hotspots.py FILE.speedscope.json [N]`.

dotnet-trace's sampled thread-time profile marks a thread running managed code with a CPU_TIME leaf frame;
the frame right above it is where the thread was, and every frame on the stack had that time inclusively.
A few runtime frames that only wait are also marked so (the finalizer thread, thread-pool semaphores); they
are left out, since they cost no CPU.
"""

import collections
import json
import sys

WAITING = ("GC.RunFinalizers", "LowLevelLifoSemaphore.Wait", "WaitHandle.WaitOne", "Monitor.Wait",
           "WorkerThread.WorkerThreadStart", "GateThread", "TimerQueue.TimerThread", "Heartbeat.TimerLoop")


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    with open(path) as f:
        trace = json.load(f)
    frames = [frame["name"] for frame in trace["shared"]["frames"]]
    if "CPU_TIME" not in frames:
        sys.exit("no CPU_TIME frames: record with --profile dotnet-sampled-thread-time")
    cpu = frames.index("CPU_TIME")
    own = collections.Counter()
    inclusive = collections.Counter()
    total = 0.0
    for profile in trace["profiles"]:
        stack, last = [], None
        for event in profile.get("events", []):
            if (stack and last is not None and stack[-1] == cpu
                    and not (len(stack) > 1 and any(w in frames[stack[-2]] for w in WAITING))):
                spent = event["at"] - last
                total += spent
                if len(stack) > 1:
                    own[frames[stack[-2]]] += spent
                for frame in set(stack[:-1]):
                    inclusive[frames[frame]] += spent
            last = event["at"]
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    if total == 0:
        sys.exit("the trace holds no CPU time")
    print(f"running managed code: {total / 1000:.1f} s (sampled)")
    print("\nwhere the threads were (frame above CPU_TIME)")
    for name, spent in own.most_common(top):
        print(f"{100 * spent / total:6.1f}%  {name[:150]}")
    print("\ninclusive, ColdMail's own frames")
    shown = 0
    for name, spent in inclusive.most_common():
        if name.startswith("coldmail!"):
            print(f"{100 * spent / total:6.1f}%  {name[:150]}")
            shown += 1
            if shown == top:
                break


if __name__ == "__main__":
    main()
