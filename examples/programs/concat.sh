#!/bin/sh
# Concatenates a task's inputs, in the order they arrive, into its output labeled 0: a pipeline task in plain
# POSIX sh over the line protocol of docs/task-protocol.md.
#
# Stage: - name: gather
#          grouping: group_all
#          task: {program: "sh concat.sh"}
set -u
out=concat.out
: > "$out"
while IFS= read -r line; do
    case "$line" in
        "TASK "*)
            echo "LOG concat started"
            ;;
        "INPUT "*)
            rest=${line#INPUT }
            path=${rest#* }
            if ! cat "$path" >> "$out"; then
                echo "ERROR could not read input $path"
                exit 1
            fi
            echo "HEARTBEAT"
            ;;
        INPUTS_DONE)
            echo "OUTPUT 0 $out"
            echo "DONE"
            exit 0
            ;;
        *)
            echo "ERROR unexpected message from the runner: $line"
            exit 1
            ;;
    esac
done
echo "ERROR standard input ended before INPUTS_DONE"
exit 1
