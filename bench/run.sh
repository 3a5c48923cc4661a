#!/usr/bin/env bash
# Load benchmark of the API with wrk: requests/s and p50/p99 latency of
#   baseline  GET /actuator/health/liveness (no token)
#   balance   GET /balance, one view:balance token reused (as a front-end does)
#   transfer  POST /transfer, a fresh single-use MFA token and Idempotency-Key per request
# on H2 and/or PostgreSQL, then a check that no money was created, lost or
# double-spent. See bench/README.md.
#
#   bench/run.sh [h2|postgres|all]        (default: all)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-15}"
THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-4}"
TRANSFER_CONNECTIONS="${TRANSFER_CONNECTIONS:-8}"
WRK_TIMEOUT="${WRK_TIMEOUT:-10s}"
TRANSFER_RATE_GUESS="${TRANSFER_RATE_GUESS:-600}"
TOKEN_HEADROOM="${TOKEN_HEADROOM:-2}"

declare -A R=()     # results: R[db.scenario.phase.key]
declare -A MONEY=() # money check per database
FAILED=0

usage() {
awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
	exit 2
}

# run_wrk DB SCENARIO PHASE SECONDS CONNECTIONS [wrk options ...] URL -- SCRIPT-ARGUMENTS ...
run_wrk() {
	local db=$1 scenario=$2 phase=$3 seconds=$4 connections=$5
	shift 5
	local out="$WORK/wrk-$db-$scenario-$phase.log"
	run wrk -t"$THREADS" -c"$connections" -d"${seconds}s" --timeout "$WRK_TIMEOUT" --latency \
		-s "$BENCH_ROOT/bench/wrk/bench.lua" "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
	local line kv
	line=$(grep '^RESULT ' "$out") || { cat "$out" >&2; die "no RESULT from wrk"; }
	for kv in ${line#RESULT }; do
		R[$db.$scenario.$phase.${kv%%=*}]=${kv#*=}
	done
	local k="$db.$scenario.$phase"
	log "$(printf '%-8s %-8s %-7s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  non-2xx %s  [%s]' "$db" "$scenario" "$phase" \
		"${R[$k.rps]}" "${R[$k.p50_ms]}" "${R[$k.p99_ms]}" "${R[$k.non2xx]}" "${R[$k.statuses]}")"
	if [[ ${R[$k.exhausted]:-0} != 0 ]]; then
		log "  $scenario $phase ran out of tokens: its rate is invalid"
	fi
	return 0
}

# transfer_pass DB PHASE SECONDS COUNT: mint COUNT fresh requests, then send each once
transfer_pass() {
	local db=$1 phase=$2 seconds=$3 count=$4
	count=$(((count + THREADS - 1) / THREADS * THREADS)) # an equal slice per wrk thread
	local file="$WORK/transfers-$db-$phase.tsv"
	log "minting $count transfer tokens for the $db $phase pass"
	mint_transfers "$count" "$file" "$TOKEN_LIFETIME"
	run_wrk "$db" transfer "$phase" "$seconds" "$TRANSFER_CONNECTIONS" "$API_URL/transfer" \
		-- tokens "$file" "$THREADS" "$count"
	rm -f "$file"
	TRANSFER_PHASES+=("$phase")
}

# balance_pass DB PHASE SECONDS: a fresh view:balance token, reused for every request of the pass
balance_pass() {
	local token
	token=$(mint_token bench-0001 view:balance 3600)
	run_wrk "$1" balance "$2" "$3" "$CONNECTIONS" -H "Authorization: Bearer $token" "$API_URL/balance" -- fixed
}

# transfers/s of a pass, from the requests it sent: if it ran out of tokens, twice that
pass_rate() {
	local k=$1
	awk -v sent="${R[$k.sent]}" -v s="${R[$k.seconds]}" -v ex="${R[$k.exhausted]}" \
		'BEGIN { r = sent / s; if (ex > 0) r = 2 * r; if (r < 50) r = 50; printf "%d", r }'
}

bench_database() {
	local db=$1 rate attempt
	TRANSFER_PHASES=()
	start_api "$db" "${TOKEN_RULE_ARGS[@]}"

	log "warm-up: $WARMUP s per scenario, not counted"
	run_wrk "$db" baseline warmup "$WARMUP" "$CONNECTIONS" "$API_URL/actuator/health/liveness" -- fixed
	balance_pass "$db" warmup "$WARMUP"
	transfer_pass "$db" warmup "$WARMUP" $((WARMUP * TRANSFER_RATE_GUESS))

	log "measured: $DURATION s per scenario"
	run_wrk "$db" baseline measure "$DURATION" "$CONNECTIONS" "$API_URL/actuator/health/liveness" -- fixed
	balance_pass "$db" measure "$DURATION"
	# enough tokens: the warm-up's rate (a colder JVM's) times TOKEN_HEADROOM; a pass
	# that still runs out is repeated with more (it served as more warm-up)
	rate=$(pass_rate "$db.transfer.warmup")
	for attempt in 1 2 3; do
		transfer_pass "$db" measure "$DURATION" $((DURATION * rate * TOKEN_HEADROOM))
		[[ ${R[$db.transfer.measure.exhausted]} == 0 ]] && break
		rate=$(pass_rate "$db.transfer.measure")
		local key
		for key in "${!R[@]}"; do
			[[ $key == "$db.transfer.measure."* ]] && R[$db.transfer.ranout$attempt.${key##*.}]=${R[$key]}
		done
		TRANSFER_PHASES[-1]="ranout$attempt"
		if ((attempt == 3)); then
			FAILED=1
		else
			log "  repeating the measured transfer pass with more tokens"
		fi
	done

	log "stopping the API (graceful: requests in flight finish), then checking the money"
	stop_api
	local completed=0 declined=0 unanswered=0 phase k
	for phase in "${TRANSFER_PHASES[@]}"; do
		k="$db.transfer.$phase"
		completed=$((completed + ${R[$k.c201]}))
		declined=$((declined + ${R[$k.c422]}))
		unanswered=$((unanswered + ${R[$k.sent]} - ${R[$k.answered]}))
	done
	log "money check over all ${#TRANSFER_PHASES[@]} transfer passes (${TRANSFER_PHASES[*]})"
	if verify_money "$completed" "$declined" "$unanswered" | tee "$WORK/money-$db.log" >&2; then
		MONEY[$db]=PASS
	else
		MONEY[$db]=FAIL
		FAILED=1
	fi
	if [[ $db == postgres ]]; then
		psql -q -c "DROP SCHEMA IF EXISTS \"$BENCH_SCHEMA\" CASCADE" >/dev/null 2>&1 && SCHEMA_CREATED=0
	fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

report() {
	local db scenario k
	echo
	echo "== Step-up Bank load benchmark: $(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$BENCH_ROOT" diff --quiet HEAD 2>/dev/null || echo '+changes') =="
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); $(java -version 2>&1 | head -1)"
	echo "load average before the run: $LOADAVG_BEFORE (anything near or above 0.5 per core: another program is busy, numbers are low)"
	echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), -t$THREADS -c$CONNECTIONS (transfer -c$TRANSFER_CONNECTIONS), timeout $WRK_TIMEOUT; load generator on the same cores"
	echo "API: java $API_JAVA_OPTS -jar; $CUSTOMERS bench customers; $DURATION s measured after $WARMUP s warm-up per scenario"
	echo "token rules: $TOKEN_RULES"
	echo
	printf '%-9s %-9s %10s %9s %9s %8s  %s\n' database scenario 'req/s' 'p50 ms' 'p99 ms' 'non-2xx' 'responses by status'
	for db in "${DATABASES[@]}"; do
		for scenario in baseline balance transfer; do
			k="$db.$scenario.measure"
			printf '%-9s %-9s %10.1f %9.2f %9.2f %8s  %s\n' "$db" "$scenario" "${R[$k.rps]}" "${R[$k.p50_ms]}" \
				"${R[$k.p99_ms]}" "${R[$k.non2xx]}" "${R[$k.statuses]}"
		done
	done
	echo
	printf '%-9s %17s %18s %12s\n' database balance/baseline transfer/baseline money
	for db in "${DATABASES[@]}"; do
		printf '%-9s %17s %18s %12s\n' "$db" "$(ratio "${R[$db.balance.measure.rps]}" "${R[$db.baseline.measure.rps]}")" \
			"$(ratio "${R[$db.transfer.measure.rps]}" "${R[$db.baseline.measure.rps]}")" "${MONEY[$db]}"
	done
	echo
	echo "(ratios are of req/s in the same run: they cancel most of the machine's speed and noise)"
}

main() {
	case "${1:-all}" in
	h2) DATABASES=(h2) ;;
	postgres) DATABASES=(postgres) ;;
	all) DATABASES=(h2 postgres) ;;
	*) usage ;;
	esac
	LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
	bench_init
	install_if_missing wrk
	build
	if [[ " ${DATABASES[*]} " == *" postgres "* ]]; then
		require_postgres
	fi
	start_jwks

	# Transfer tokens are minted right before their pass and used within the mint
	# time plus the pass (about three times the pass with the default headroom).
	# The API refuses a transfer token whose auth_time is older than the step-up
	# max age (300 s) or that lives longer than its cap (10 min); longer runs raise
	# both on the command line. Nothing expires during a run, so this costs nothing.
	local longest=$((DURATION > WARMUP ? DURATION : WARMUP))
	TOKEN_LIFETIME=$((3 * longest + 120 > 300 ? 3 * longest + 120 : 300))
	TOKEN_RULE_ARGS=()
	TOKEN_RULES="transfer tokens live ${TOKEN_LIFETIME} s, auth_time at minting"
	if ((TOKEN_LIFETIME > 300)); then
		TOKEN_RULE_ARGS+=("--bank.security.step-up.max-age=${TOKEN_LIFETIME}s")
		TOKEN_RULES+="; RAISED --bank.security.step-up.max-age=${TOKEN_LIFETIME}s"
	fi
	if ((TOKEN_LIFETIME > 600)); then
		TOKEN_RULE_ARGS+=("--bank.security.token.max-transfer-token-lifetime=${TOKEN_LIFETIME}s")
		TOKEN_RULES+="; RAISED --bank.security.token.max-transfer-token-lifetime=${TOKEN_LIFETIME}s"
	fi
	if ((TOKEN_LIFETIME <= 300)); then
		TOKEN_RULES+="; step-up max age (300 s) and lifetime cap (600 s) at their defaults"
	fi
	log "token rules: $TOKEN_RULES"

	local db
	for db in "${DATABASES[@]}"; do
		log "=== $db ==="
		bench_database "$db"
	done
	report
	return "$FAILED"
}

main "$@"
