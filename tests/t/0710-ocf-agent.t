#!/bin/sh
# 0710-ocf-agent.t: the OCF agent ocf:hpvm:hpvmguest: meta-data, validation and probe codes, and ocf-tester against a real guest
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST
command -v ocf-tester >/dev/null || { echo "1..0 # SKIP needs ocf-tester (resource-agents)"; exit 0; }

# Where Pacemaker looks, in this test's own mount namespace: ocf-tester runs the agent as nobody,
# who may not reach into the work tree (a checkout under /root, say).
mount -t tmpfs -o mode=0755 tmpfs /usr/lib/ocf/resource.d
mkdir -m 755 /usr/lib/ocf/resource.d/hpvm
install -m 755 "$TOP/etc/ocf/hpvmguest" /usr/lib/ocf/resource.d/hpvm/
agent=/usr/lib/ocf/resource.d/hpvm/hpvmguest
hpvm_root_new
hpvm_conf HPVM_ACCEL=tcg
appliance_guest g1 10.0.0.1 >/dev/null 2>&1
hpvmsg_package -P g1 -Q
export OCF_ROOT=/usr/lib/ocf OCF_RESKEY_hpvm_bin="$HPVM_BUILD/bin" OCF_RESKEY_hpvm_root="$HPVM_ROOT"

test_expect_success "meta-data" "$agent" meta-data
test_ok "it is valid against the OCF DTD" sh -c "cd /usr/share/resource-agents && xmllint --noout --valid - < '$out'"
test_stdout_matches '<action name="migrate_to" timeout="600s"/>'
test_expect_status 6 "validate-all without a name: not configured" env -u OCF_RESKEY_name "$agent" validate-all
test_stderr_matches "^ocf-exit-reason:parameter 'name' is required$"
test_expect_status 6 "a name hpvm would refuse" env OCF_RESKEY_name='../x' "$agent" validate-all
test_expect_status 5 "a guest this node does not have: not installed here" env OCF_RESKEY_name=nosuch "$agent" validate-all
test_stderr_matches "guest 'nosuch' is not defined on "
test_expect_status 5 "hpvm missing: not installed" env OCF_RESKEY_name=g1 OCF_RESKEY_hpvm_bin=/nonexistent "$agent" validate-all
test_expect_status 7 "a probe where hpvm is missing says not running" \
	env OCF_RESKEY_name=g1 OCF_TESTER_FAIL_HAVE_BINARY=1 OCF_RESKEY_CRM_meta_interval=0 "$agent" monitor
test_expect_success "validate-all of the guest" env OCF_RESKEY_name=g1 "$agent" validate-all
test_expect_status 7 "monitor of the stopped guest" env OCF_RESKEY_name=g1 "$agent" monitor
test_expect_status 2 "migrate_to without a target" env OCF_RESKEY_name=g1 "$agent" migrate_to
test_expect_status 2 "migrate_from without a source" env OCF_RESKEY_name=g1 "$agent" migrate_from
test_expect_status 3 "an unknown action" env OCF_RESKEY_name=g1 "$agent" promote

test_expect_success "start" env OCF_RESKEY_name=g1 "$agent" start
test_equal "the guest runs" "On (OS)" "$(guest_state g1)"
test_expect_success "monitor of the running guest" env OCF_RESKEY_name=g1 "$agent" monitor
test_expect_status 1 "migrate_to a node without hpvmmigrate's daemon fails softly, the guest stays" \
	env OCF_RESKEY_name=g1 OCF_RESKEY_CRM_meta_migrate_target=nosuchnode OCF_RESKEY_CRM_meta_timeout=20000 \
	"$agent" migrate_to
test_equal "still running here" "On (OS)" "$(guest_state g1)"
test_ok "the guest boots" wait_console g1 'HPVM-TEST-GUEST READY' 90
test_expect_success "stop" env OCF_RESKEY_name=g1 OCF_RESKEY_CRM_meta_timeout=60000 "$agent" stop
test_equal "the guest is off" "Off" "$(guest_state g1)"
test_ok "it was asked to shut down first" grep -q 'graceful stop requested' "$HPVM_ROOT/var/opt/hpvm/guests/g1/log"
test_ok "and it did" sh -c "hpvmconsole -P g1 -q -c cl | grep -aq 'HPVM-TEST-GUEST POWERBUTTON'"
test_expect_success "stop of a stopped guest succeeds" env OCF_RESKEY_name=g1 "$agent" stop
test_expect_success "stop of a guest this node does not have succeeds" env OCF_RESKEY_name=nosuch "$agent" stop

test_expect_success "ocf-tester passes" ocf-tester -n g1 -o name=g1 -o hpvm_bin="$HPVM_BUILD/bin" \
	-o hpvm_root="$HPVM_ROOT" "$agent"
test_stdout_matches "passed all tests$"
test_equal "it leaves the guest off" "Off" "$(guest_state g1)"
test_end
