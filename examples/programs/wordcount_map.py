#!/usr/bin/env python3
"""A word-count mapper that runs as a pipeline task over the line protocol of docs/task-protocol.md.

Stage:   - name: map
           grouping: split
           task: {program: "python3 wordcount_map.py", params: {partitions: 8}}

It counts the words of every input (split on ASCII whitespace, compared as bytes) and writes one file per
partition with `word<TAB>count` lines, a word going to partition FNV-1a(word) % partitions: the same split
and the same line order as the built-in `wordcount_map`, so either can feed `wordcount_reduce`.
Parameter `partitions`: the number of output labels, default 1.
"""
import json
import sys
import time

FNV_OFFSET_BASIS = 2166136261
FNV_PRIME = 16777619
HEARTBEAT_SECONDS = 10


def fnv1a(data: bytes) -> int:
    """32-bit FNV-1a: stable across runs and machines, unlike Python's hash()."""
    h = FNV_OFFSET_BASIS
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFF
    return h


def send(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def count_words(path: str, counts: dict, last_heartbeat: float) -> float:
    with open(path, "rb") as f:
        for line in f:
            for word in line.split():  # bytes.split() splits on ASCII whitespace
                counts[word] = counts.get(word, 0) + 1
            now = time.monotonic()
            if now - last_heartbeat >= HEARTBEAT_SECONDS:
                send("HEARTBEAT")
                last_heartbeat = now
    return last_heartbeat


def main() -> int:
    task = None
    counts = {}  # insertion-ordered: words appear in the order first seen
    last_heartbeat = time.monotonic()
    for raw in sys.stdin:
        command, _, rest = raw.rstrip("\n").partition(" ")
        if command == "TASK":
            task = json.loads(rest)
        elif command == "INPUT":
            _label, _, path = rest.partition(" ")
            last_heartbeat = count_words(path, counts, last_heartbeat)
            send("HEARTBEAT")
        elif command == "INPUTS_DONE":
            break
        else:
            send("ERROR unexpected message from the runner: " + command)
            return 1
    else:
        send("ERROR standard input ended before INPUTS_DONE")
        return 1

    try:
        partitions = int(task["params"].get("partitions", "1"))
    except ValueError:
        partitions = 0
    if partitions < 1:
        send("FATAL parameter 'partitions' must be a positive integer, got '%s'" % task["params"]["partitions"])
        return 0

    files = {}
    for word, count in counts.items():
        partition = fnv1a(word) % partitions
        out = files.get(partition)
        if out is None:
            out = files[partition] = open("part-%d" % partition, "wb")
        out.write(b"%s\t%d\n" % (word, count))
    for partition in sorted(files):
        files[partition].close()
        send("OUTPUT %d part-%d" % (partition, partition))
    send("LOG counted %d distinct words" % len(counts))
    send("DONE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
