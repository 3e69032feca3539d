# cluster-lib.sh: real Corosync + Pacemaker nodes for behaviour tests, each in its own namespaces (see cluster-node.sh).
# Source after test-lib.sh. Node NODE's private state is $CL_STATE/NODE; cl_x NODE CMD runs CMD inside it;
# every node sees its own hpvm tree at the same $HPVM_ROOT. cl_start NODE... brings up a cluster of them.

CL_STATE=$TRASH/cluster

cl_needs() {
	for _c in corosync pacemakerd crm_mon cibadmin crm_resource crm_attribute crm_standby ocf-tester \
	    nsenter; do
		command -v "$_c" >/dev/null || { echo "1..0 # SKIP needs $_c (pacemaker, corosync, resource-agents)"; exit 0; }
	done
}

cl_pid() {
	cat "$CL_STATE/$1/init.pid"
}

cl_x() {
	_xn=$1
	shift
	# -r -w: the node's own root, should the test run chrooted (setns to a mount namespace leaves it)
	nsenter -t "$(cl_pid "$_xn")" -m -n -u -i -p -r -w -- "$@"
}

# cl_wait SECONDS CMD...: poll until CMD succeeds.
cl_wait() {
	_wn=$(($1 * 2))
	shift
	while [ "$_wn" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.5
		_wn=$((_wn - 1))
	done
	return 1
}

cl_addr() {
	if [ "$CL_NODES" = node1 ]; then echo 127.0.0.1; else echo "10.99.0.${1#node}"; fi
}

cl_corosync_conf() {
	printf 'totem {\n\tversion: 2\n\tcluster_name: hpvmtest\n\ttransport: knet\n'
	printf '\tcrypto_cipher: none\n\tcrypto_hash: none\n}\nnodelist {\n'
	for _cn in $CL_NODES; do
		printf '\tnode {\n\t\tname: %s\n\t\tnodeid: %s\n\t\tring0_addr: %s\n\t}\n' "$_cn" "${_cn#node}" "$(cl_addr "$_cn")"
	done
	printf '}\nquorum {\n\tprovider: corosync_votequorum\n'
	[ "$CL_NODES" = node1 ] || printf '\ttwo_node: 1\n'
	printf '}\nlogging {\n\tto_stderr: no\n\tto_syslog: no\n\tto_logfile: yes\n'
	printf '\tlogfile: /var/log/corosync/corosync.log\n\ttimestamp: on\n}\n'
}

# A node's directories, owned as Debian's packages own them, and a CIB seeded with the test
# cluster's properties: no fencing, and a 2 s DC election instead of the default 20 s.
cl_prepare() {
	_nd=$CL_STATE/$1
	mkdir -p "$_nd/etc-corosync" "$_nd/lib-corosync" "$_nd/log/corosync" "$_nd/log/pacemaker" \
	    "$_nd/root/etc/rc.config.d"
	for _d in cib pengine blackbox cores bundles; do mkdir -p "$_nd/lib-pacemaker/$_d"; done
	chown -R hacluster:haclient "$_nd/lib-pacemaker" "$_nd/log/pacemaker"
	chmod 750 "$_nd"/lib-pacemaker/*
	chmod 770 "$_nd/log/pacemaker"
	cl_corosync_conf >"$_nd/etc-corosync/corosync.conf"
	printf 'HPVM_ACCEL=tcg\nHPVM_MIGRATE_TIMEOUT=10\n' >"$_nd/root/etc/rc.config.d/hpvmconf"
	{ echo "127.0.0.1 localhost"; for _hn in $CL_NODES; do echo "$(cl_addr "$_hn") $_hn"; done; } >"$_nd/hosts"
	_cib=$_nd/lib-pacemaker/cib/cib.xml
	cibadmin --empty >"$_cib"
	for _kv in stonith-enabled=false no-quorum-policy=ignore dc-deadtime=2s; do
		CIB_file=$_cib crm_attribute -t crm_config -n "${_kv%%=*}" -v "${_kv#*=}" >/dev/null
	done
	chown hacluster:haclient "$_cib"
	chmod 600 "$_cib"
}

# The node's namespaces; its PID 1 (host view) goes to init.pid once it is ready.
cl_ns_start() {
	_nnd=$CL_STATE/$1
	unshare --mount --net --uts --ipc --pid --fork --mount-proc --propagation private \
	    bash "$TEST_DIR/lib/cluster-node.sh" "$1" "$_nnd" "$TOP/etc/ocf" "$HPVM_ROOT" \
	    >"$_nnd/init.out" 2>&1 </dev/null &
	echo $! >"$_nnd/unshare.pid"
	_ni=100
	while [ "$_ni" -gt 0 ] && [ ! -e "$_nnd/ready" ]; do sleep 0.1; _ni=$((_ni - 1)); done
	[ -e "$_nnd/ready" ] || return 1
	awk '{ print $1 }' "/proc/$(cat "$_nnd/unshare.pid")/task/$(cat "$_nnd/unshare.pid")/children" \
	    >"$_nnd/init.pid"
}

cl_daemons_start() {
	cl_x "$1" sh -c 'setsid corosync -f </dev/null >>/var/log/corosync/corosync.out 2>&1 &'
}

cl_pacemaker_start() {
	cl_x "$1" env PCMK_logfile=/var/log/pacemaker/pacemaker.log \
	    sh -c 'setsid pacemakerd </dev/null >>/var/log/pacemaker/pacemakerd.out 2>&1 &'
}

cl_online() {
	_want="Online: \\[ $CL_NODES \\]"
	cl_x "$1" crm_mon -1 2>/dev/null | grep -q "$_want"
}

# cl_start NODE...: namespaces, a veth link between two nodes, Corosync, then Pacemaker, until every
# node is online; 1 if it does not come up within two minutes.
cl_start() {
	CL_NODES=$*
	mkdir -p "$CL_STATE"
	trap 'cl_stop; stop_all_guests; test_cleanup' EXIT
	for _sn in $CL_NODES; do cl_prepare "$_sn" && cl_ns_start "$_sn" || return 1; done
	if [ "$CL_NODES" != node1 ]; then
		# Made inside node1's network namespace with its peer put straight into node2's: the
		# host never holds either end. (nsenter -n only: "netns PID" is a host pid.)
		nsenter -t "$(cl_pid node1)" -n ip link add veth1 type veth peer name veth2 \
		    netns "$(cl_pid node2)" || return 1
		for _sn in $CL_NODES; do
			nsenter -t "$(cl_pid "$_sn")" -n ip addr add "$(cl_addr "$_sn")/24" dev "veth${_sn#node}"
			nsenter -t "$(cl_pid "$_sn")" -n ip link set "veth${_sn#node}" up
		done
	fi
	for _sn in $CL_NODES; do cl_daemons_start "$_sn"; done
	for _sn in $CL_NODES; do cl_pacemaker_start "$_sn"; done
	for _sn in $CL_NODES; do cl_wait 120 cl_online "$_sn" || return 1; done
}

# Pacemaker, then Corosync, then the namespaces: the kernel kills what is left in a pid
# namespace with its PID 1, guests included. Only this test's own processes are touched.
cl_stop() {
	for _tn in ${CL_NODES:-}; do
		[ -f "$CL_STATE/$_tn/init.pid" ] || continue
		if kill -0 "$(cl_pid "$_tn")" 2>/dev/null; then
			# shellcheck disable=SC2016 # expanded inside the node
			cl_x "$_tn" sh -c 'p=$(pidof pacemakerd) || exit 0; pacemakerd -S >/dev/null 2>&1 ||
			    kill -TERM $p; i=120; while [ $i -gt 0 ] && kill -0 $p 2>/dev/null; do
			    sleep 0.5; i=$((i - 1)); done; kill -KILL $p 2>/dev/null; exit 0'
			# shellcheck disable=SC2016
			cl_x "$_tn" sh -c 'p=$(pidof corosync) || exit 0; kill -TERM $p; i=60
			    while [ $i -gt 0 ] && kill -0 $p 2>/dev/null; do sleep 0.5; i=$((i - 1)); done; exit 0'
			kill -TERM "$(cl_pid "$_tn")" 2>/dev/null
		fi
		_ti=50
		while [ "$_ti" -gt 0 ] && kill -0 "$(cat "$CL_STATE/$_tn/unshare.pid")" 2>/dev/null; do
			sleep 0.1
			_ti=$((_ti - 1))
		done
		rm -f "$CL_STATE/$_tn/init.pid"
	done
	return 0
}

# Live migration between the nodes: the site's CA and each node's certificate (named as the node,
# which is how the OCF agent names the target), and hpvmmigrated on every node.
cl_migration_start() {
	getent passwd hpvmmig >/dev/null || useradd --system --no-create-home --home-dir /nonexistent \
	    --shell /usr/sbin/nologin hpvmmig >/dev/null 2>&1
	cl_x node1 hpvmsecsetup -c -n hpvmtest -h node1 >/dev/null || return 1
	for _mn in $CL_NODES; do
		[ "$_mn" = node1 ] || cl_x node1 hpvmsecsetup -i "$_mn" -o "$CL_STATE/$_mn/root/etc/opt/hpvm/ssl" \
		    >/dev/null || return 1
	done
	for _mn in $CL_NODES; do
		# shellcheck disable=SC2016 # $0 is the inner shell's
		cl_x "$_mn" sh -c 'setsid "$0" </dev/null >>/var/log/hpvmmigrated.log 2>&1 &' \
		    "$HPVM_BUILD/lbin/hpvmmigrated"
		cl_wait 10 grep -q 'listening on port' "$CL_STATE/$_mn/log/hpvmmigrated.log" || return 1
	done
}

# What a reader of a failed run needs: the nodes' daemon logs, last lines.
cl_diagnose() {
	for _f in "$CL_STATE"/*/init.out "$CL_STATE"/*/log/corosync/corosync.log \
	    "$CL_STATE"/*/log/pacemaker/pacemaker.log "$CL_STATE"/*/log/hpvmmigrated.log; do
		[ -s "$_f" ] || continue
		echo "# --- tail of ${_f#"$CL_STATE"/}" >&2
		tail -n 15 "$_f" | sed 's/^/#   /' >&2
	done
}

# Where Pacemaker runs RESOURCE now ("" when stopped), as NODE sees it.
cl_where() {
	cl_x "$1" crm_resource --locate -r "$2" 2>/dev/null | sed -n 's/.*running on: //p'
}

