#!/usr/bin/env bash
# Heap under sustained load: the API (explicit -Xmx) takes POST /transfer at a
# fixed rate, each with a token minted just before it is sent, for DURATION
# seconds; every SAMPLE_EVERY seconds the live heap is measured after a full GC
# (jcmd GC.class_histogram counts only reachable objects, and forces that GC),
# with the sizes of the spent-token and (where the API has one) verified-token
# caches from /actuator/prometheus. Then the money check, as in bench/run.sh.
# See bench/README.md.
#
#   bench/heap.sh [postgres|h2]        (default: postgres)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-600}"
SAMPLE_EVERY="${SAMPLE_EVERY:-30}"
RATE="${RATE:-200}"
WORKERS="${WORKERS:-64}"
TOKEN_LIFETIME="${TOKEN_LIFETIME:-300}"
HEAP_MAX="${HEAP_MAX:-512m}"
API_JAVA_OPTS="${HEAP_JAVA_OPTS:--Xmx$HEAP_MAX -XX:+UseG1GC}"
SPENT_CACHE_SIZE=100000 # bank.security.spent-tokens.cache-size, left at its default

FIRST_LIVE=""
LAST_LIVE=""
STEADY_LIVE=""

# metric NAME LABEL-FRAGMENT: its value from /actuator/prometheus, or "-"
metric() {
	awk -v name="$1" -v label="$2" \
		'index($0, name "{") == 1 && index($0, label) { v = $NF } END { if (v == "") print "-"; else printf "%.0f", v }' \
		"$WORK/metrics.txt"
}

# sample SECONDS: full GC, live bytes, the caches; one row of the table
sample() {
	local t=$1 live committed ops
	run jcmd "$API_PID" GC.class_histogram >"$WORK/histogram-$t.txt"
	live=$(awk '$1 == "Total" { print $3 }' "$WORK/histogram-$t.txt")
	# what the JVM holds from the OS for its heap (grows towards -Xmx only if it needs to)
	committed=$(jcmd "$API_PID" GC.heap_info | awk '/heap +total/ { print $4 + 0; exit }')
	# a fresh token per scrape, so a scrape never depends on the run's length
	ops=$(mint_token bench-operations bank:operations 120)
	if ! curl -fsS -o "$WORK/metrics.txt" -H "Authorization: Bearer $ops" "$API_URL/actuator/prometheus"; then
		: >"$WORK/metrics.txt"
	fi
	printf '%6s %11.1f %11.1f %11s %11s %11s %11s\n' "$t" "$(awk -v b="$live" 'BEGIN { print b / 1048576 }')" \
		"$(awk -v k="$committed" 'BEGIN { print k / 1024 }')" "$(metric cache_size 'cache="spent-tokens"')" \
		"$(metric cache_size 'cache="verified-tokens"')" \
		"$(metric bank_transfers_total 'outcome="completed"')" "$(metric bank_transfers_total 'outcome="declined"')"
	[[ -n $FIRST_LIVE ]] || FIRST_LIVE=$live
	LAST_LIVE=$live
	# the first sample after one token lifetime (+30 s skew): from then on the
	# spent-token cache forgets tokens as fast as it learns them
	if [[ -z $STEADY_LIVE ]] && ((t >= TOKEN_LIFETIME + 30)); then
		STEADY_LIVE=$live
		STEADY_AT=$t
	fi
}

main() {
	local db=${1:-postgres}
	[[ $db == h2 || $db == postgres ]] || { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2; }
	bench_init
	build
	start_jwks
	start_api "$db"

	local steady
	steady=$(awk -v r="$RATE" -v l="$TOKEN_LIFETIME" -v c="$SPENT_CACHE_SIZE" \
		'BEGIN { n = r * (l + 30); if (n > c) n = c; printf "%d", n }')
	echo
	echo "== heap under load: $db, $DURATION s of POST /transfer at $RATE/s, JVM: $API_JAVA_OPTS =="
	echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
	echo "tokens minted per request by the load generator (same cores), lifetime $TOKEN_LIFETIME s; API on its default token rules"
	echo "spent-token cache: each entry lives until its token's exp + 30 s skew, so it should level off near"
	echo "min($RATE/s x $((TOKEN_LIFETIME + 30)) s, cache-size $SPENT_CACHE_SIZE) = $steady entries after ~$((TOKEN_LIFETIME + 30)) s"
	[[ $db == h2 ]] && echo "H2: its page cache (up to 64 MB by default) lives in this heap and grows with the database"
	echo
	printf '%6s %11s %11s %11s %11s %11s %11s\n' 't (s)' 'live MB' 'heap MB' 'spent' 'verified' 'completed' 'declined'
	printf '%6s %11s %11s %11s %11s %11s %11s\n' '' '(after GC)' '(committed)' 'tokens' 'tokens' 'transfers' 'transfers'
	sample 0

	start_bg load java -cp "$TOOLS_CP" dev.stepup.bank.bench.load.TransferLoad --key "$KEY_FILE" \
		--issuer "$ISSUER" --url "$API_URL" --rate "$RATE" --duration "$DURATION" --customers "$CUSTOMERS" \
		--lifetime "$TOKEN_LIFETIME" --workers "$WORKERS" --report-every "$SAMPLE_EVERY" \
		--summary-out "$WORK/load-summary.txt"
	local load_pid=$LAST_PID started=$SECONDS t
	for ((t = SAMPLE_EVERY; t <= DURATION; t += SAMPLE_EVERY)); do
		while ((SECONDS - started < t)); do
			kill -0 "$load_pid" 2>/dev/null || break
			sleep 1
		done
		kill -0 "$API_PID" 2>/dev/null || { tail -40 "$API_LOG" >&2; die "the API died"; }
		sample "$t"
	done
	reap "$load_pid" || { cat "$WORK/load.log" >&2; die "the load generator failed"; }
	echo
	grep -E '^load ' "$WORK/load.log" | tail -1

	echo
	awk -v f="$FIRST_LIVE" -v l="$LAST_LIVE" \
		'BEGIN { printf "live heap: first %.1f MB, last %.1f MB, last/first = %.2f\n", f / 1048576, l / 1048576, l / f }'
	if [[ -n $STEADY_LIVE ]]; then
		awk -v s="$STEADY_LIVE" -v l="$LAST_LIVE" -v at="$STEADY_AT" \
			'BEGIN { printf "since the caches levelled off (t=%s s, %.1f MB): last/then = %.2f\n", at, s / 1048576, l / s }'
	else
		echo "(run longer than $((TOKEN_LIFETIME + 30)) s to see the heap after the spent-token cache levels off)"
	fi
	echo
	echo "largest growth by class, first to last sample (bytes):"
	awk 'FNR == NR { if ($1 ~ /^[0-9]+:$/) first[$4] = $3; next }
		$1 ~ /^[0-9]+:$/ { d = $3 - first[$4]; if (d > 0) printf "%14d  %s\n", d, $4 }' \
		"$WORK/histogram-0.txt" "$WORK/histogram-$((DURATION / SAMPLE_EVERY * SAMPLE_EVERY)).txt" |
		sort -rn >"$WORK/growth.txt"
	head -10 "$WORK/growth.txt"

	echo
	stop_api
	# shellcheck disable=SC1091 # written by TransferLoad: sent, completed, declined, unanswered, non2xx
	source "$WORK/load-summary.txt"
	# shellcheck disable=SC2154 # completed, declined, unanswered come from the summary
	verify_money "$completed" "$declined" "$unanswered"
}

main "$@"
