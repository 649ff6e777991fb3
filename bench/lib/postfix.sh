# shellcheck shell=bash
# A private Postfix instance for bench/run: its own config, queue and data directories under
# bench/out/postfix, so the system's Postfix service and /etc/postfix are never touched. Sourced.

# postfix_setup DIR SUBMISSION_PORT SINK_PORT MAX_SESSIONS CERT KEY CREDENTIALS_FILE
postfix_setup() {
    local dir=$1 port=$2 sink_port=$3 max_sessions=$4 cert=$5 key=$6 credentials=$7
    local user password logins=""
    rm -rf "$dir"
    mkdir -p "$dir/conf" "$dir/queue" "$dir/data" "$dir/conf/sasl" "$dir/log"
    chown postfix:postfix "$dir/data"
    cp "$cert" "$dir/conf/cert.pem"
    cp "$key" "$dir/conf/key.pem"
    chmod 600 "$dir/conf/key.pem"

    while IFS=: read -r user password; do
        [[ -n $user ]] || continue
        # Cyrus keeps user@realm; smtpd splits the login name the same way.
        printf '%s' "$password" | saslpasswd2 -p -c -f "$dir/conf/sasl/sasldb2" -u "${user#*@}" "${user%@*}"
        logins+="${logins:+, }$user=$user"
    done < "$credentials"
    chown root:postfix "$dir/conf/sasl/sasldb2"
    chmod 640 "$dir/conf/sasl/sasldb2"
    cat > "$dir/conf/sasl/smtpd.conf" <<SASL
pwcheck_method: auxprop
auxprop_plugin: sasldb
mech_list: PLAIN LOGIN
sasldb_path: $dir/conf/sasl/sasldb2
SASL

    cat > "$dir/conf/main.cf" <<MAIN
# Written by bench/run: submission with STARTTLS and SASL, every message relayed to one smtp-sink.
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
syslog_name = postfix-bench
maillog_file = $dir/log/maillog
maillog_file_prefixes = $dir
myhostname = postfix.bench.test
mydomain = bench.test
myorigin = \$myhostname
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
biff = no
append_dot_mydomain = no

# Delivery: everything to the sink, no DNS at all.
relayhost = [127.0.0.1]:$sink_port
smtp_dns_support_level = disabled
smtp_host_lookup = native
smtp_tls_security_level = none

# Submission: TLS, then SASL AUTH, then only as the logged-in mailbox.
smtpd_tls_cert_file = $dir/conf/cert.pem
smtpd_tls_key_file = $dir/conf/key.pem
smtpd_tls_security_level = encrypt
smtpd_tls_auth_only = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
cyrus_sasl_config_path = $dir/conf/sasl
smtpd_sender_login_maps = inline:{ $logins }
smtpd_sender_restrictions = reject_sender_login_mismatch
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions =
default_process_limit = $((max_sessions + 20))
MAIN
    # Postfix's input throttle: cleanup waits up to in_flow_delay for the queue manager when mail arrives faster
    # than it is delivered. Its default (1s) is kept unless bench/run --postfix-in-flow-delay says otherwise.
    if [[ -n ${POSTFIX_IN_FLOW_DELAY:-} ]]; then
        echo "in_flow_delay = $POSTFIX_IN_FLOW_DELAY" >> "$dir/conf/main.cf"
    fi

    # The stock services minus the ones this work never uses, all outside a chroot.
    cat > "$dir/conf/master.cf" <<MASTER
127.0.0.1:$port inet n - n - $((max_sessions + 10)) smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
MASTER
}

postfix_start() {
    local dir=$1 port=$2
    POSTFIX_DIR=$dir
    postfix -c "$dir/conf" check >> "$dir/log/control.log" 2>&1 || true
    postfix -c "$dir/conf" start >> "$dir/log/control.log" 2>&1 || {
        tail -n 5 "$dir/log/control.log" "$dir/log/maillog" >&2
        return 1
    }
    wait_port "$port" 20
}

postfix_master_pid() {
    local pid
    [[ -n ${POSTFIX_DIR:-} ]] || return 0
    pid=$(tr -d ' \n' < "$POSTFIX_DIR/queue/pid/master.pid" 2>/dev/null) || return 0
    echo "$pid"
}

# The master and every process it runs.
postfix_pids() {
    local master
    master=$(postfix_master_pid)
    [[ -n $master ]] || return 0
    echo "$master"
    ps -o pid= --ppid "$master" 2>/dev/null || true
}

postfix_stop() {
    [[ -n ${POSTFIX_DIR:-} ]] || return 0
    local master
    master=$(postfix_master_pid)
    postfix -c "$POSTFIX_DIR/conf" stop >> "$POSTFIX_DIR/log/control.log" 2>&1 || true
    [[ -n $master ]] && stop_pid "$master"
    POSTFIX_DIR=
}
