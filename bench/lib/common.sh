# shellcheck shell=bash
# Helpers shared by bench/run: logging, ports, processes, /proc readings. Sourced, not run.

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Every process the run starts, stopped by the EXIT trap in reverse order.
STARTED_PIDS=()
track() { STARTED_PIDS+=("$1"); }

stop_pid() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

stop_tracked() {
    local i
    for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${STARTED_PIDS[i]}"
    done
    STARTED_PIDS=()
}

# A free TCP port on loopback, never one handed out before in this run.
USED_PORTS=" "
free_port() {
    local port i
    for i in $(seq 200); do
        port=$((20000 + RANDOM % 30000))
        [[ $USED_PORTS == *" $port "* ]] && continue
        if ! ss -Htan "( sport = :$port )" | grep -q . && ! ss -Huan "( sport = :$port )" | grep -q .; then
            USED_PORTS+="$port "
            echo "$port"
            return 0
        fi
    done
    die "no free loopback port found"
}

# Waits until something accepts TCP connections on 127.0.0.1:PORT, at most SECONDS.
wait_port() {
    local port=$1 seconds=$2 i
    for i in $(seq $((seconds * 10))); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# Messages smtp-sink has counted so far (its -c output: "sess=.. quit=.. mesg=N\r").
sink_count() {
    local n
    n=$(tail -c 256 "$1" | tr '\r' '\n' | grep -o 'mesg=[0-9]*' | tail -1 | cut -d= -f2)
    echo "${n:-0}"
}

# Waits until the sink has counted TARGET messages, at most SECONDS; prints the count reached.
wait_sink() {
    local file=$1 target=$2 seconds=$3 i n=0
    for i in $(seq $((seconds * 10))); do
        n=$(sink_count "$file")
        ((n >= target)) && break
        sleep 0.1
    done
    echo "$n"
}

# CPU clock ticks used by the processes, counting children they have already reaped.
cpu_ticks() {
    local total=0 pid line fields
    for pid in "$@"; do
        { read -r line < "/proc/$pid/stat"; } 2>/dev/null || continue
        read -ra fields <<< "${line##*) }"
        # Fields 14-17 of proc(5): utime stime cutime cstime (the array starts at field 3).
        ((total += fields[11] + fields[12] + fields[13] + fields[14]))
    done
    echo "$total"
}

# Sum of one /proc/PID/status or smaps_rollup field (kB) over the processes.
sum_field() {
    local file=$1 field=$2 total=0 pid key value rest
    shift 2
    for pid in "$@"; do
        {
            while read -r key value rest; do
                if [[ $key == "$field:" ]]; then
                    ((total += value))
                    break
                fi
            done < "/proc/$pid/$file"
        } 2>/dev/null || true
    done
    echo "$total"
}

# Resets the peak resident size (VmHWM) of each process to its current size (proc(5), clear_refs).
reset_peak_rss() {
    local pid
    for pid in "$@"; do
        echo 5 > "/proc/$pid/clear_refs" 2>/dev/null || true
    done
}

# Samples the summed proportional set size of a server's processes every second and keeps the peak
# in FILE, because the processes of a multi-process server share pages that plain RSS counts twice.
# Not more often: one read of smaps_rollup walks every mapping of the process in the kernel (8-17 ms for
# ColdMail's 1,600 under load, holding its memory-map lock), so sampling every 250 ms took about 5 % of a
# core from the servers under test.
start_pss_sampler() {
    local pids_function=$1 file=$2
    echo 0 > "$file"
    (
        peak=0
        while :; do
            # shellcheck disable=SC2046
            now=$(sum_field smaps_rollup Pss $($pids_function))
            if ((now > peak)); then
                peak=$now
                # Written aside and renamed, so the sampler stopped mid-write never leaves an empty file.
                echo "$peak" > "$file.tmp" && mv "$file.tmp" "$file"
            fi
            sleep 1
        done
    ) &
    SAMPLER_PID=$!
    track "$SAMPLER_PID"
}

stop_pss_sampler() {
    stop_pid "$SAMPLER_PID"
}

now_ms() { date +%s%3N; }
