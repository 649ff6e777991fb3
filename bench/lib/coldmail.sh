# shellcheck shell=bash
# ColdMail for bench/run: built once, its own data directory under bench/out, a domain verified against a
# private dnsmasq that also points the sink's domain at the smtp-sink. Sourced.

COLDMAIL_DOMAIN=bench.test
COLDMAIL_HOSTNAME=coldmail.bench.test

# Published as the README tells operators to: Release, for this machine's runtime, ahead-of-time compiled
# (ReadyToRun), so that the measured minutes are not the JIT's warm-up.
coldmail_build() {
    local out=$1 rid
    case $(uname -m) in
        x86_64) rid=linux-x64 ;;
        aarch64) rid=linux-arm64 ;;
        *) rid="" ;;
    esac
    dotnet publish "$ROOT/src/ColdMail/ColdMail.csproj" -c Release ${rid:+-r "$rid" --self-contained false} \
        -o "$out" -v quiet -nologo > "$OUT/logs/coldmail-build.log" 2>&1
}

# The first line of a verb's complaint, for the one-line reason in the report.
first_line() {
    grep -m1 -v '^[[:space:]]*$' "$1" | cut -c1-200
}

# Runs a coldmail verb against the bench's data directory.
coldmail_cli() {
    env "${COLDMAIL_ENV[@]}" "$COLDMAIL_BIN" "$@"
}

# An unknown verb prints the root help and still exits 0: look for the verb's own usage line.
coldmail_has_verb() {
    local help
    # shellcheck disable=SC2086
    help=$(coldmail_cli $1 --help 2>&1 || true)
    [[ $help == *"coldmail $1"* ]]
}

# Fails with COLDMAIL_PROBLEM set unless the CLI has every verb the bench needs.
coldmail_has_verbs() {
    local verb
    for verb in "domain add" "domain records" "domain verify" "mailbox add" "key create"; do
        if ! coldmail_has_verb "$verb"; then
            COLDMAIL_PROBLEM="the CLI has no 'coldmail $verb' yet"
            return 1
        fi
    done
}

# Writes a dnsmasq configuration serving the domain's records to publish, the server's own name (SPF's
# "a:" mechanism names it) and the sink's MX.
coldmail_dns_config() {
    local records=$1 file=$2 port=$3
    {
        echo "port=$port"
        echo "listen-address=127.0.0.1"
        echo "bind-interfaces"
        echo "no-resolv"
        echo "no-hosts"
        # Authoritative for the bench's domains: a name or type not listed is answered empty, not refused.
        echo "local=/$COLDMAIL_DOMAIN/"
        echo "local=/sink.test/"
        echo "mx-host=sink.test,mx.sink.test,10"
        echo "host-record=mx.sink.test,127.0.0.1"
        echo "address=/sink.test/127.0.0.1"
        echo "host-record=$COLDMAIL_HOSTNAME,127.0.0.1"
        # One line per record; TXT values are cut into quoted strings of at most 255 octets (RFC 1035 §3.3).
        jq -r '.[] | select(.type != null) |
            (.name | rtrimstr(".")) as $n | (.value | tostring | rtrimstr(".")) as $v |
            if .type == "TXT" then
                "txt-record=\($n)," + ([range(0; ($v | length); 255) as $i | "\"" + $v[$i:$i+255] + "\""]
                    | join(","))
            elif .type == "CNAME" then "cname=\($n),\($v)"
            elif .type == "MX" then "mx-host=\($n),\($v | split(" ") | last),10"
            elif .type == "A" then "host-record=\($n),\($v)"
            else "# unsupported record type \(.type) for \($n)" end' "$records"
    } > "$file"
}

# coldmail_setup DIR DNS_PORT MAILBOXES CREDENTIALS_OUT: domain, DNS, verification, mailboxes and keys.
# Fails with COLDMAIL_PROBLEM saying which step did not work.
coldmail_setup() {
    local dir=$1 dns_port=$2 mailboxes=$3 credentials=$4 i address secret
    coldmail_cli domain add "$COLDMAIL_DOMAIN" > "$dir/domain-add.txt" 2>&1 ||
        { COLDMAIL_PROBLEM="'coldmail domain add' failed: $(first_line "$dir/domain-add.txt")"; return 1; }
    # Send caps and warm-up would refuse a benchmark's volume with 4xx: lift them where the verb exists.
    if coldmail_has_verb "domain limits"; then
        coldmail_cli domain limits "$COLDMAIL_DOMAIN" --hourly none --daily none --warmup-start none \
            --mailbox-daily 100000000 > "$dir/limits.txt" 2>&1 ||
            { COLDMAIL_PROBLEM="'coldmail domain limits' failed: $(first_line "$dir/limits.txt")"; return 1; }
    fi
    coldmail_cli domain records "$COLDMAIL_DOMAIN" --json > "$dir/records.json" 2> "$dir/records.err" ||
        { COLDMAIL_PROBLEM="'coldmail domain records --json' failed: $(first_line "$dir/records.err")"; return 1; }
    coldmail_dns_config "$dir/records.json" "$dir/dnsmasq.conf" "$dns_port"
    dnsmasq --no-daemon --conf-file="$dir/dnsmasq.conf" > "$dir/dnsmasq.log" 2>&1 &
    DNSMASQ_PID=$!
    track "$DNSMASQ_PID"
    sleep 0.3
    kill -0 "$DNSMASQ_PID" 2>/dev/null ||
        { COLDMAIL_PROBLEM="dnsmasq did not start: $(first_line "$dir/dnsmasq.log")"; return 1; }
    coldmail_cli domain verify "$COLDMAIL_DOMAIN" > "$dir/verify.txt" 2>&1 ||
        { COLDMAIL_PROBLEM="'coldmail domain verify' did not pass: $(first_line "$dir/verify.txt")"; return 1; }

    : > "$credentials"
    chmod 600 "$credentials"
    for i in $(seq -w 1 "$mailboxes"); do
        address="sender$i@$COLDMAIL_DOMAIN"
        coldmail_cli mailbox add "$address" --name "Sender $i" > /dev/null 2> "$dir/mailbox.err" ||
            { COLDMAIL_PROBLEM="'coldmail mailbox add' failed: $(first_line "$dir/mailbox.err")"; return 1; }
        secret=$(coldmail_cli key create "$address" --name bench --json 2> "$dir/key.err" | jq -r .secret) ||
            { COLDMAIL_PROBLEM="'coldmail key create --json' failed: $(first_line "$dir/key.err")"; return 1; }
        [[ -n $secret && $secret != null ]] ||
            { COLDMAIL_PROBLEM="'coldmail key create --json' printed no secret"; return 1; }
        echo "$address:$secret" >> "$credentials"
    done
}

coldmail_start() {
    local dir=$1 port=$2
    # Not through coldmail_cli: $! must be the server itself (env execs it), not a subshell around it.
    env "${COLDMAIL_ENV[@]}" "$COLDMAIL_BIN" serve > "$dir/serve.log" 2>&1 &
    COLDMAIL_PID=$!
    track "$COLDMAIL_PID"
    wait_port "$port" 60 && kill -0 "$COLDMAIL_PID" 2>/dev/null
}

coldmail_pids() {
    [[ -n ${COLDMAIL_PID:-} ]] && kill -0 "$COLDMAIL_PID" 2>/dev/null && echo "$COLDMAIL_PID"
    return 0
}

coldmail_stop() {
    [[ -n ${COLDMAIL_PID:-} ]] && stop_pid "$COLDMAIL_PID"
    [[ -n ${DNSMASQ_PID:-} ]] && stop_pid "$DNSMASQ_PID"
    COLDMAIL_PID=
    DNSMASQ_PID=
}
