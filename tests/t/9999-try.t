#!/bin/sh
. $(dirname "$0")/lib/test-lib.sh
. $(dirname "$0")/lib/twohost.sh
test_needs ROOT NETNS GUEST
twohost_up
cat $TRASH/hosta/migrated.log $TRASH/hostb/migrated.log
for h in hosta hostb; do on $h hpvmnet -c -S sw1; on $h hpvmnet -b -S sw1; done
on hosta hpvmcreate -P vm1 -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
	-x "boot_args=console=ttyS0 hpvm.counter=1" -a network:avio_lan::vswitch:sw1
on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -s; echo "rc=$?"
on hosta hpvmstart -P vm1
sleep 8
on hosta hpvmconsole -P vm1 -q -c cl | tail -3
on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -o; echo "rc=$?"
on hostb hpvmstatus
on hosta hpvmstatus
sleep 3
on hostb hpvmconsole -P vm1 -q -c cl | tail -5
cat $TRASH/hosta/migrated.log $TRASH/hostb/migrated.log
on hostb cat $TRASH/hostb/root/var/opt/hpvm/guests/vm1/log
on hosta cat $TRASH/hosta/root/var/opt/hpvm/guests/vm1/log
test_end
