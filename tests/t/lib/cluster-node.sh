# cluster-node.sh NODE NODEDIR OCFDIR HPVMROOT: PID 1 of one cluster node's pid, mount, network, uts and ipc namespaces.
# Gives the node its hostname and its own /run, /dev/shm, Corosync and Pacemaker state, logs, OCF agents
# (the stock providers plus OCFDIR as provider "hpvm"), /etc/hosts naming the nodes, and hpvm tree
# (NODEDIR/root over HPVMROOT), then
# reaps orphans until it is killed: guests' supervisors end up as its children. Run with bash.
set -eu
node=$1 nd=$2 ocf=$3 root=$4

hostname "$node"
mount -t tmpfs -o mode=0755,size=64m tmpfs /run
mkdir -p /run/lock
mount -t tmpfs -o mode=1777,size=256m tmpfs /dev/shm
mount --bind "$nd/etc-corosync" /etc/corosync
mount --bind "$nd/lib-corosync" /var/lib/corosync
mount --bind "$nd/lib-pacemaker" /var/lib/pacemaker
mount --bind "$nd/log" /var/log
mount --bind "$nd/root" "$root"
mount --bind "$nd/hosts" /etc/hosts
# --rbind carries the stock providers' own binds along.
for p in /usr/lib/ocf/resource.d/*/; do
	p=${p%/}
	mkdir -p "$nd/ocf/${p##*/}"
	mount --bind "$p" "$nd/ocf/${p##*/}"
done
mkdir -p "$nd/ocf/hpvm"
mount --bind "$ocf" "$nd/ocf/hpvm"
mount --rbind "$nd/ocf" /usr/lib/ocf/resource.d
ip link set lo up

trap 'exit 0' TERM INT
echo ready >"$nd/ready"
# A zombie answers kill -0 as if alive: PID 1 must reap, and a shell reaps while it waits.
while :; do
	sleep 3600 &
	wait $! || true
done
