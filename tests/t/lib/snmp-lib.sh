# snmp-lib.sh: a private net-snmp for a test: snmptrapd and an AgentX master snmpd on loopback ports and a
# socket in the scratch directory, hpvmsnmpd connected to it, and the tools pointed at VM-MIB's text.
# Source after test-lib.sh; snmp_stop belongs in the test's EXIT trap.

SNMP_DIR=$TRASH/snmp
SNMP_PORT=16161
TRAP_PORT=16162
# RFC 7666's module text (VM-MIB and its IANA media types) and small stand-ins for its imports,
# all in tests/t/mibs: a clone runs these tests without anything beside it.
SNMP_MIBDIRS=+$TEST_DIR/mibs
SNMP_PERSISTENT_DIR=$SNMP_DIR/persist
export SNMP_PERSISTENT_DIR
mkdir -p "$SNMP_PERSISTENT_DIR"
ip link set lo up
SNMP_PIDS=""
SUBAGENT_PID=""

snmp_args() {
	echo "-v2c -c public -M $SNMP_MIBDIRS -m VM-MIB:SNMPv2-MIB -O0 127.0.0.1:$SNMP_PORT"
}
# shellcheck disable=SC2046 # the arguments are words
snmp_get() { snmpget $(snmp_args) "$@"; }
# shellcheck disable=SC2046
snmp_next() { snmpgetnext $(snmp_args) "$@"; }
# shellcheck disable=SC2046
snmp_walk() { snmpwalk $(snmp_args) "$@"; }
# snmp_value OBJECT: just the value
# shellcheck disable=SC2046
snmp_value() { snmpget $(snmp_args) -Oqv "$1" 2>/dev/null; }

snmpd_start() {
	cat > "$SNMP_DIR/snmpd.conf" <<-CONF
	agentaddress udp:127.0.0.1:$SNMP_PORT
	master agentx
	agentXSocket $SNMP_DIR/agentx.sock
	agentXPerms 0600 0700
	view vmview included .1.3.6.1.2.1.1
	view vmview included .1.3.6.1.2.1.236
	rocommunity public 127.0.0.1 -V vmview
	rwcommunity private 127.0.0.1 -V vmview
	trap2sink 127.0.0.1:$TRAP_PORT public
	dontLogTCPWrappersConnects yes
	CONF
	: > "$SNMP_DIR/snmpd.log"
	MIBS='' MIBDIRS='' snmpd -f -C -c "$SNMP_DIR/snmpd.conf" -Lf "$SNMP_DIR/snmpd.log" -p "$SNMP_DIR/snmpd.pid" &
	SNMPD_PID=$!
	_n=0
	until grep -q '^NET-SNMP version' "$SNMP_DIR/snmpd.log" || [ $_n -gt 100 ]; do sleep 0.05; _n=$((_n + 1)); done
}

snmpd_stop() {
	[ -n "${SNMPD_PID:-}" ] && kill "$SNMPD_PID" 2>/dev/null && wait "$SNMPD_PID" 2>/dev/null
	SNMPD_PID=""
}

# snmp_start [hpvmsnmpd options]: trap receiver, master, subagent (pinging every second, polling every second).
snmp_start() {
	echo "authCommunity log public" > "$SNMP_DIR/snmptrapd.conf"
	snmptrapd -f -C -c "$SNMP_DIR/snmptrapd.conf" -Lf "$SNMP_DIR/traps.log" -n -p "$SNMP_DIR/snmptrapd.pid" \
	    -M "$SNMP_MIBDIRS" -m VM-MIB:SNMPv2-MIB -O0 "udp:127.0.0.1:$TRAP_PORT" &
	SNMP_PIDS=$!
	snmpd_start
	"$HPVM_BUILD/lbin/hpvmsnmpd" -x "$SNMP_DIR/agentx.sock" -i 1 -p 1 "$@" 2>"$SNMP_DIR/subagent.log" &
	SUBAGENT_PID=$!
	snmp_wait
}

# snmp_wait: until the subagent answers through the master (10 s at most).
snmp_wait() {
	_n=0
	while [ $_n -lt 100 ]; do
		snmp_value VM-MIB::vmNumber.0 | grep -qx '[0-9][0-9]*' && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	return 1
}

# The subagent first: stopped together with the master, libnetsnmp complains.
snmp_stop() {
	[ -n "$SUBAGENT_PID" ] && kill "$SUBAGENT_PID" 2>/dev/null && wait "$SUBAGENT_PID" 2>/dev/null
	snmpd_stop
	for _p in $SNMP_PIDS; do kill "$_p" 2>/dev/null && wait "$_p" 2>/dev/null; done
	return 0
}

# wait_trap REGEX [SECONDS]: until a notification matching REGEX is in the trap log.
wait_trap() {
	_n=$(( ${2:-15} * 10 ))
	while [ $_n -gt 0 ]; do
		grep -Eq -- "$1" "$SNMP_DIR/traps.log" 2>/dev/null && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}
