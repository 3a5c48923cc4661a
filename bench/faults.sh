#!/usr/bin/env bash
# Fault test: the API under transfer load while its PostgreSQL fails, on loopback
# only, bounded in time (FAULT_TIMEOUT seconds, default 900), printing for each
# scenario the requests by status, the longest answer, the time to recover and
# the money check. Scenarios (the JUnit classes in src/test/.../database/):
#   outage      a proxy in front of PostgreSQL refuses (6 s under load) or swallows
#               every packet; single requests and 6 retrying clients
#   commit-cut  the connection breaks at COMMIT, before and after the server has it
#   restart     a throwaway cluster of its own crashes (immediate stop), restarts 15 s later
#   failover    its primary crashes, its synchronous standby is promoted 1 s later
# outage and commit-cut use BANK_TEST_POSTGRES_URL (default: the server on
# 127.0.0.1:5432, db test, user postgres; a fresh schema each); restart and
# failover create and remove their own clusters with /usr/lib/postgresql/N/bin
# (BANK_TEST_POSTGRES_BIN), on free ports, run as user postgres when root.
#
#   bench/faults.sh [outage|commit-cut|restart|failover|all]   (default: all)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
	awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
	exit 2
}

case "${1:-all}" in
	outage) TESTS=DatabaseOutageIntegrationTests ;;
	commit-cut) TESTS=CommitCutIntegrationTests ;;
	restart) TESTS='FailoverIntegrationTests#transfersWhenPostgresCrashes*' ;;
	failover) TESTS='FailoverIntegrationTests#transfersWhenPrimaryDies*' ;;
	all) TESTS='DatabaseOutageIntegrationTests,CommitCutIntegrationTests,FailoverIntegrationTests' ;;
	*) usage ;;
esac

export BANK_TEST_POSTGRES_URL="${BANK_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
LOG=$(mktemp -t bank-faults.XXXXXX.log)
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) bench/faults.sh ${1:-all} (full log: $LOG)"
status=0
timeout --kill-after=30 "${FAULT_TIMEOUT:-900}" ./mvnw -B -Dtest="$TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
	test >"$LOG" 2>&1 || status=$?
grep -E '^FAULT ' "$LOG" | sed 's/^FAULT /  /' || true
grep -E 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+, Time elapsed' "$LOG" \
	| sed -E 's/^\[[A-Z]+\] /  /' || true
if [ "$status" -ne 0 ]; then
	grep -E '^\[ERROR\] +[A-Za-z]+IntegrationTests\.|expected|Expecting' "$LOG" | head -20 || true
	echo "FAILED (exit $status; 124 means the time bound was hit)"
	exit "$status"
fi
echo "PASSED"
