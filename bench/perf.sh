#!/usr/bin/env bash
# The performance targets of issue 17 in one run, with the ratios printed at the end:
#   1. warm-up    the API (H2) from process start, GET /balance under load at once:
#                 time to the first answer, req/s and server CPU per 10 s window
#   2. steady     GET /balance, one reused view:balance token, wrk -t2 -c32: req/s and
#                 the API's CPU time per request (utime+stime from /proc/PID/stat)
#   3. yardsticks the same request, same JVM and flags, same run: a vanilla Spring Boot
#                 resource server (bench/vanilla, RS256 on every request), its bare
#                 permitAll endpoint, and the seed's Express stack (if node and npm are here)
#   4. transfers  POST /transfer on PostgreSQL, a fresh single-use token and key per
#                 request: completed/s, p99, money check; then database round trips
#                 per transfer, counted by a proxy in front of PostgreSQL; then PostgreSQL
#                 alone, the transfer's statements sent by pgbench (no API): the
#                 database's own ceiling on this machine
#   5. unseen     JMH: full validation of a never-seen token against the bare signature
#                 check, (b)/(a)
#
#   bench/perf.sh              full run, about 10 minutes
#   SHORT=1 bench/perf.sh      about 4 minutes: shorter windows and passes (numbers noisier)
#   PARTS="api yardsticks" bench/perf.sh   only some parts (api yardsticks transfers roundtrips database unseen)
#   PROFILE=1 bench/perf.sh    the API with JFR from its start; its steady pass summarised by library
#   AOT=1 bench/perf.sh        the API and vanilla on JDK 25 (AOT_JAVA) from the extracted jar, the
#                              API with an AOT cache (JEP 483/514/515) from a training run: the image's
#                              (AOT_TRAINING=image, the default: dev.stepup.training.TrainingRun, its
#                              start, reads, transfers and refusals), its start only up to the refreshed
#                              context (AOT_TRAINING=startup), or wrk's load (AOT_TRAINING=load)
#
# See bench/README.md for every variable.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SHORT="${SHORT:-0}"
if [[ $SHORT == 1 ]]; then
	WARMUP_SECONDS="${WARMUP_SECONDS:-60}"
	DURATION="${DURATION:-15}"
	YARDSTICK_WARMUP="${YARDSTICK_WARMUP:-10}"
	TRANSFER_WARMUP="${TRANSFER_WARMUP:-10}"
	JMH_ARGS="${JMH_ARGS:--f 1 -wi 2 -w 1s -i 3 -r 1s}"
else
	WARMUP_SECONDS="${WARMUP_SECONDS:-180}"
	DURATION="${DURATION:-30}"
	YARDSTICK_WARMUP="${YARDSTICK_WARMUP:-20}"
	TRANSFER_WARMUP="${TRANSFER_WARMUP:-15}"
	JMH_ARGS="${JMH_ARGS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
fi
WINDOW="${WINDOW:-10}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
TRANSFER_CONNECTIONS="${TRANSFER_CONNECTIONS:-16}"
TRANSFER_RATE_GUESS="${TRANSFER_RATE_GUESS:-1200}"
TRANSFER_DB="${TRANSFER_DB:-postgres}"
DATABASE_FILL_SECONDS="${DATABASE_FILL_SECONDS:-0}"
WRK_TIMEOUT="${WRK_TIMEOUT:-10s}"
EXPRESS="${EXPRESS:-1}"
ROUND_TRIP_TRANSFERS="${ROUND_TRIP_TRANSFERS:-400}"
VANILLA_JAR="$BENCH_ROOT/bench/vanilla/target/vanilla-resource-server-0.jar"
EXPRESS_DIR="$BENCH_ROOT/bench/.cache/express-seed"
# the seed's Express peer: beside the repository (../shared), or beside a worktree's parent
if [[ -z ${EXPRESS_SEED:-} ]]; then
	for EXPRESS_SEED in "$BENCH_ROOT/../shared/peers/express-seed" "$BENCH_ROOT/../../shared/peers/express-seed"; do
		[[ -f $EXPRESS_SEED/server.mjs ]] && break
	done
fi
CLK_TCK=$(getconf CLK_TCK)
AOT="${AOT:-0}"
PROFILE="${PROFILE:-0}"
# JFR from the start, 256 frames per stack: its default of 64 cuts a request's stack (about 150 deep)
PROFILE_OPTS="-XX:StartFlightRecording=name=bench,settings=profile -XX:FlightRecorderOptions:stackdepth=256"
PARTS="${PARTS:-api yardsticks transfers roundtrips database unseen}"
AOT_JAVA="${AOT_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
AOT_TRAINING="${AOT_TRAINING:-image}"
AOT_TRAINING_SECONDS="${AOT_TRAINING_SECONDS:-40}"

declare -A R=()
WINDOWS=()
FAILED=0

# sleeps until the next whole second
sleep_to_second() {
	sleep "$(awk -v ns="$(date +%N)" 'BEGIN { printf "%.3f", 1 - ns / 1e9 }')"
}

# utime+stime of process $1 in clock ticks
cpu_ticks() {
	sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# busy and total ticks of the whole machine
machine_ticks() {
	awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat
}

# measure KEY PID SECONDS CONNECTIONS URL [wrk options...]: one wrk pass, the server's CPU over it
measure() {
	local key=$1 pid=$2 seconds=$3 connections=$4 url=$5
	shift 5
	local out="$WORK/wrk-$key.log" t0 t1 m0 m1
	t0=$(cpu_ticks "$pid")
	read -r -a m0 < <(machine_ticks)
	run wrk -t"$THREADS" -c"$connections" -d"${seconds}s" --timeout "$WRK_TIMEOUT" --latency \
		-s "$BENCH_ROOT/bench/wrk/bench.lua" "$url" "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
	t1=$(cpu_ticks "$pid")
	read -r -a m1 < <(machine_ticks)
	local line kv
	line=$(grep '^RESULT ' "$out") || { cat "$out" >&2; die "no RESULT from wrk"; }
	for kv in ${line#RESULT }; do
		R[$key.${kv%%=*}]=${kv#*=}
	done
	# CPU µs per answered request; "machine busy" is the whole machine's share of both cores in use
	R[$key.cpu_us]=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v n="${R[$key.requests]}" \
		'BEGIN { if (n > 0) printf "%.1f", d / hz * 1e6 / n; else print "-" }')
	R[$key.cores]=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v s="${R[$key.seconds]}" 'BEGIN { printf "%.2f", d / hz / s }')
	R[$key.busy]=$(awk -v b=$((m1[0] - m0[0])) -v t=$((m1[1] - m0[1])) 'BEGIN { printf "%.0f", (t > 0) ? 100 * b / t : 0 }')
	log "$(printf '%-22s %9.1f req/s  %7s µs CPU/req  %s cores  p99 %7.2f ms  non-2xx %s  machine busy %s%%  [%s]' "$key" \
		"${R[$key.rps]}" "${R[$key.cpu_us]}" "${R[$key.cores]}" "${R[$key.p99_ms]}" "${R[$key.non2xx]}" "${R[$key.busy]}" "${R[$key.statuses]}")"
}

build_all() {
	build
	if [[ $BUILD == 0 && -f $VANILLA_JAR ]]; then
		log "BUILD=0: using $VANILLA_JAR"
	else
		log "building the vanilla resource server: ./mvnw -B -q -f bench/vanilla/pom.xml -DskipTests package"
		run ./mvnw -B -q -f bench/vanilla/pom.xml -DskipTests package
	fi
	if [[ $EXPRESS == 1 ]]; then
		if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
			log "no node/npm: the Express yardstick is skipped (EXPRESS=0)"
			EXPRESS=0
		elif [[ ! -d $EXPRESS_DIR/node_modules ]]; then
			if [[ ! -f $EXPRESS_SEED/server.mjs ]]; then
				log "no Express seed at $EXPRESS_SEED (EXPRESS_SEED): skipped"
				EXPRESS=0
			else
				log "installing the Express seed's packages into $EXPRESS_DIR (npm install, once)"
				mkdir -p "$EXPRESS_DIR"
				cp "$EXPRESS_SEED/server.mjs" "$EXPRESS_SEED/package.json" "$EXPRESS_DIR/"
				(cd "$EXPRESS_DIR" && npm install --no-audit --no-fund >/dev/null 2>&1) \
					|| { log "npm install failed: the Express yardstick is skipped"; EXPRESS=0; }
			fi
		fi
	fi
}

# waits for URL $1 (with Authorization $2) to answer 200; seconds from API start in FIRST_ANSWER_S
await_first_answer() {
	local url=$1 authorization=$2 pid=$3 i
	for ((i = 0; i < READY_TIMEOUT * 20; i++)); do
		if curl -fs -o /dev/null --max-time 2 -H "Authorization: $authorization" "$url"; then
			FIRST_ANSWER_S=$(awk -v a="$API_STARTED_NS" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
			# CPU spent to get there: steadier than the wall clock on a busy machine
			FIRST_ANSWER_CPU_S=$(awk -v t="$(cpu_ticks "$pid")" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || die "the server exited during start (log in $WORK)"
		sleep 0.05
	done
	die "no answer after $READY_TIMEOUT s"
}

# AOT=1: JDK 25, the jar extracted (an AOT cache holds no class from a nested jar), a training
# run writing the cache (AOT_TRAINING), then the API on it
aot_training() {
	[[ -x $AOT_JAVA ]] || die "AOT=1 needs a JDK 25 at AOT_JAVA ($AOT_JAVA)"
	[[ $AOT_TRAINING == image || $AOT_TRAINING == startup || $AOT_TRAINING == load ]] \
		|| die "AOT_TRAINING is image, startup or load, not $AOT_TRAINING"
	API_JAVA=$AOT_JAVA
	log "AOT: extracting the jar (java -Djarmode=tools -jar ... extract)"
	run "$API_JAVA" -Djarmode=tools -jar "$API_JAR" extract --destination "$WORK/app" >/dev/null
	API_RUN_JAR="$WORK/app/$(basename "$API_JAR")"
	local opts=$API_JAVA_OPTS
	BASE_JAVA_OPTS=$opts
	"aot_training_$AOT_TRAINING" "$opts"
	[[ -s $WORK/api.aot ]] || { tail -20 "$API_LOG" >&2; die "no AOT cache written"; }
	log "AOT cache ($AOT_TRAINING): $(du -h "$WORK/api.aot" | cut -f1)"
	API_JAVA_OPTS="$opts -XX:AOTCache=$WORK/api.aot"
}

# The image's way (Dockerfile): TrainingRun (src/aot/java, compiled with the tests) starts the
# API as the image's build does (H2 in memory, the demo customers, keys it serves itself), sends
# its reads, transfers and refusals, checks every answer and stops it; the JVM writes the cache
# as it exits (in a child JVM).
aot_training_image() {
	# shellcheck disable=SC2206 # JVM options, split on purpose
	local jvm=($1)
	API_LOG="$WORK/aot-training.log"
	log "AOT training: the image's (TrainingRun: 40 s of balance reads on 8 connections, 3000 transfer requests)"
	run "$API_JAVA" -cp "$BENCH_ROOT/target/test-classes:$WORK/app/lib/*" dev.stepup.training.TrainingRun \
		--reads-seconds 40 --transfers 3000 -- \
		"$API_JAVA" "${jvm[@]}" -XX:AOTCacheOutput="$WORK/api.aot" -jar "$API_RUN_JAR" \
		"--spring.datasource.url=jdbc:h2:mem:training" >"$API_LOG" 2>&1 \
		|| { tail -30 "$API_LOG" >&2; die "the AOT training run failed"; }
}

# Its start only: the API starts, its context refreshed, and exits
# (spring.context.exit=onRefresh; Tomcat never listens); H2 in memory, the settings of the
# measured runs otherwise. The JVM writes the cache as it exits (in a child JVM).
aot_training_startup() {
	# shellcheck disable=SC2206 # JVM options, split on purpose
	local jvm=($1)
	API_LOG="$WORK/aot-training.log"
	log "AOT training: the API's start up to its refreshed context (-Dspring.context.exit=onRefresh)"
	run "$API_JAVA" "${jvm[@]}" -XX:AOTCacheOutput="$WORK/api.aot" -Dspring.context.exit=onRefresh -jar "$API_RUN_JAR" \
		"--spring.datasource.url=jdbc:h2:mem:training;LOCK_TIMEOUT=10000" \
		"--spring.security.oauth2.resourceserver.jwt.issuer-uri=$ISSUER" \
		"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=$JWKS_URI" \
		"--spring.flyway.locations=classpath:db/migration,classpath:db/vendor/{vendor},filesystem:$BENCH_ROOT/bench/sql" \
		"--spring.flyway.placeholders.bench_customers=$CUSTOMERS" \
		"--spring.flyway.placeholders.bench_opening_balance=$OPENING_BALANCE" >"$API_LOG" 2>&1 \
		|| { tail -20 "$API_LOG" >&2; die "the AOT training run failed"; }
}

# Under load: the API under balance and transfer load, its cache written when it stops
aot_training_load() {
	local token file="$WORK/transfers-training.tsv"
	API_JAVA_OPTS="$1 -XX:AOTCacheOutput=$WORK/api.aot"
	start_api h2
	token=$(mint_token bench-0001 view:balance 3600)
	mint_transfers 4000 "$file" 300
	log "AOT training: $AOT_TRAINING_SECONDS s of balance reads, then up to 4000 transfers"
	run wrk -t1 -c8 -d"${AOT_TRAINING_SECONDS}s" -H "Authorization: Bearer $token" "$API_URL/balance" >/dev/null
	run wrk -t1 -c8 -d20s -s "$BENCH_ROOT/bench/wrk/bench.lua" "$API_URL/transfer" -- tokens "$file" 1 4000 >/dev/null
	# the JVM assembles the cache as it exits (in a child JVM): that takes a while
	kill -TERM "$API_PID"
	wait_gone "$API_PID" 300 || die "the training run did not end in 300 s"
	reap "$API_PID" || true
	API_PID=""
}

# 1 + 2: the API on H2 from process start, then steady state
warmup_and_steady() {
	local token window end now seconds
	token=$(mint_token bench-0001 view:balance 7200)
	local opts=$API_JAVA_OPTS
	if [[ $PROFILE == 1 ]]; then
		# JFR from the start: started later in a running JVM it sends the hot code back
		# through the JIT (a 30-fold slower pass here), which no measured pass may pay for
		API_JAVA_OPTS="$opts $PROFILE_OPTS"
	fi
	API_NO_WAIT=1 start_api h2
	API_JAVA_OPTS=$opts
	await_first_answer "$API_URL/balance" "Bearer $token" "$API_PID"
	log "first answer ${FIRST_ANSWER_S} s after the API process started (${FIRST_ANSWER_CPU_S} s of CPU)"
	R[first_answer]=$FIRST_ANSWER_S
	R[first_answer_cpu]=$FIRST_ANSWER_CPU_S
	WINDOWS=()
	for ((window = 0; window < WARMUP_SECONDS / WINDOW; window++)); do
		end=$(((window + 1) * WINDOW))
		now=$((($(date +%s%N) - API_STARTED_NS) / 1000000000))
		seconds=$((end - now))
		if ((seconds < 2)); then
			continue # the start took this window: it served nothing measurable
		fi
		measure "warmup.$end" "$API_PID" "$seconds" "$CONNECTIONS" "$API_URL/balance" \
			-H "Authorization: Bearer $token" -- fixed
		WINDOWS+=("$end")
	done
	local from
	from=$(date +%H:%M:%S)
	measure steady.api "$API_PID" "$DURATION" "$CONNECTIONS" "$API_URL/balance" -H "Authorization: Bearer $token" -- fixed
	if [[ $PROFILE == 1 ]]; then
		jcmd "$API_PID" JFR.dump name=bench "filename=$WORK/steady.jfr" >/dev/null
		{
			profile_summary "$WORK/steady.jfr" "$from"
			profile_top "$WORK/steady.jfr" "$from"
		} >"$WORK/profile.txt"
	fi
	stop_api
}

# Share of CPU samples whose stack holds a frame of each library (inclusive, so they overlap),
# of the samples taken from local time $2 (HH:MM:SS) on: a recording started with the JVM holds
# its start and warm-up too, and JFR.dump's begin= only selects whole chunks
profile_summary() {
	jfr print --events jdk.ExecutionSample --stack-depth 256 "$1" | awk -v from="${2:-}" '
		function flush() {
			if (!inside || !keep) return
			samples++
			for (c in hit) count[c]++
			delete hit
		}
		/^jdk.ExecutionSample/ { flush(); inside = 1; keep = 1; next }
		/^  startTime = / { keep = ($3 >= from); next }
		/line:/ {
			if ($0 ~ /java\.util\.regex/) hit["java.util.regex"] = 1
			if ($0 ~ /io\.micrometer/) hit["io.micrometer (metrics, observation)"] = 1
			if ($0 ~ /org\.apache\.(catalina|coyote|tomcat)/) hit["Tomcat"] = 1
			if ($0 ~ /org\.springframework\.security/) hit["Spring Security"] = 1
			if ($0 ~ /org\.springframework\.web/) hit["Spring MVC"] = 1
			if ($0 ~ /org\.h2/) hit["H2"] = 1
			if ($0 ~ /com\.zaxxer\.hikari/) hit["Hikari"] = 1
			if ($0 ~ /(com\.fasterxml|tools\.jackson)/) hit["Jackson"] = 1
			if ($0 ~ /com\.nimbusds/) hit["Nimbus"] = 1
			if ($0 ~ /dev\.stepup/) hit["dev.stepup (the API)"] = 1
			if ($0 ~ /sun\.nio|java\.net|sun\.net/) hit["socket I/O"] = 1
		}
		END {
			flush()
			printf "JFR execution samples of the pass: %d\n", samples
			for (c in count) printf "%6.1f%%  %s\n", 100 * count[c] / samples, c | "sort -rn"
		}'
}

# 3: the vanilla resource server (verified RS256 on every request), its bare endpoint, Express
yardsticks() {
	local port url token jwt
	jwt=$(java -cp "$TOOLS_CP" dev.stepup.bank.bench.load.Mint --key "$KEY_FILE" --issuer "$ISSUER" --kind jwt \
		--subject bench-0001 --scope view:balance --lifetime 7200)
	port=$(free_port)
	url="http://127.0.0.1:$port"
	# shellcheck disable=SC2206 # the same JVM and flags as the API (its AOT cache aside)
	local jvm=(${BASE_JAVA_OPTS:-$API_JAVA_OPTS})
	API_STARTED_NS=$(date +%s%N)
	start_bg vanilla "$API_JAVA" "${jvm[@]}" -jar "$VANILLA_JAR" "--server.port=$port" \
		"--spring.security.oauth2.resourceserver.jwt.issuer-uri=$ISSUER" \
		"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=$JWKS_URI"
	local pid=$LAST_PID
	await_first_answer "$url/balance" "Bearer $jwt" "$pid"
	log "vanilla resource server answered ${FIRST_ANSWER_S} s after start (${FIRST_ANSWER_CPU_S} s of CPU)"
	R[vanilla_first_answer]=$FIRST_ANSWER_S
	R[vanilla_first_answer_cpu]=$FIRST_ANSWER_CPU_S
	run wrk -t"$THREADS" -c"$CONNECTIONS" -d"${YARDSTICK_WARMUP}s" -H "Authorization: Bearer $jwt" "$url/balance" >/dev/null
	measure steady.vanilla "$pid" "$DURATION" "$CONNECTIONS" "$url/balance" -H "Authorization: Bearer $jwt" -- fixed
	run wrk -t"$THREADS" -c"$CONNECTIONS" -d"${YARDSTICK_WARMUP}s" "$url/bare" >/dev/null
	measure steady.bare "$pid" "$DURATION" "$CONNECTIONS" "$url/bare" -- fixed
	kill -TERM "$pid"
	wait_gone "$pid" 30 || kill -KILL "$pid"
	reap "$pid" || true

	[[ $EXPRESS == 1 ]] || return 0
	token=$(mint_token bench-0001 view:balance 7200)
	port=$(free_port)
	url="http://127.0.0.1:$port"
	ISSUER=$ISSUER AUDIENCE=https://my-banking-api JWKS_URI=$JWKS_URI start_bg express node "$EXPRESS_DIR/server.mjs" "$port"
	pid=$LAST_PID
	API_STARTED_NS=$(date +%s%N)
	await_first_answer "$url/balance" "Bearer $token" "$pid"
	run wrk -t"$THREADS" -c"$CONNECTIONS" -d"${YARDSTICK_WARMUP}s" -H "Authorization: Bearer $token" "$url/balance" >/dev/null
	measure steady.express "$pid" "$DURATION" "$CONNECTIONS" "$url/balance" -H "Authorization: Bearer $token" -- fixed
	kill -TERM "$pid"
	wait_gone "$pid" 10 || kill -KILL "$pid"
	reap "$pid" || true
}

# transfer_pass KEY SECONDS COUNT CONNECTIONS: COUNT fresh transfers minted, then each sent once
transfer_pass() {
	local key=$1 seconds=$2 count=$3 connections=$4
	count=$(((count + THREADS - 1) / THREADS * THREADS))
	local file="$WORK/transfers-$key.tsv"
	log "minting $count transfer tokens for $key"
	mint_transfers "$count" "$file" "$TOKEN_LIFETIME"
	measure "$key" "$API_PID" "$seconds" "$connections" "$API_URL/transfer" -- tokens "$file" "$THREADS" "$count"
	rm -f "$file"
	COMPLETED=$((COMPLETED + ${R[$key.c201]}))
	DECLINED=$((DECLINED + ${R[$key.c422]}))
	UNANSWERED=$((UNANSWERED + ${R[$key.sent]} - ${R[$key.answered]}))
	if [[ ${R[$key.exhausted]} != 0 ]]; then
		log "  $key ran out of tokens: its rate is a lower bound (raise TRANSFER_RATE_GUESS)"
		R[$key.ranout]=1
	fi
}

money_check() {
	log "stopping the API (graceful), then the money check"
	stop_api
	if verify_money "$COMPLETED" "$DECLINED" "$UNANSWERED" >"$WORK/money-$1.log" 2>&1; then
		R[$1.money]=PASS
	else
		R[$1.money]=FAIL
		FAILED=1
		cat "$WORK/money-$1.log" >&2
	fi
	log "money check ($1): ${R[$1.money]}"
	if [[ $1 == postgres ]]; then
		psql -q -c "DROP SCHEMA IF EXISTS \"$BENCH_SCHEMA\" CASCADE" >/dev/null 2>&1 && SCHEMA_CREATED=0
	fi
}

# 4: transfers on PostgreSQL (TRANSFER_DB=h2: on H2, to tell the API's share from the database's), then round trips per request through the counting proxy
transfers() {
	COMPLETED=0 DECLINED=0 UNANSWERED=0
	local opts=$API_JAVA_OPTS
	[[ $PROFILE == 1 ]] && API_JAVA_OPTS="$opts $PROFILE_OPTS"
	start_api "$TRANSFER_DB"
	API_JAVA_OPTS=$opts
	transfer_pass transfer.warmup "$TRANSFER_WARMUP" $((TRANSFER_WARMUP * TRANSFER_RATE_GUESS)) "$TRANSFER_CONNECTIONS"
	local rate
	rate=$(awk -v n="${R[transfer.warmup.requests]}" -v s="${R[transfer.warmup.seconds]}" 'BEGIN { r = n / s; if (r < 100) r = 100; printf "%d", r * 1.6 }')
	postgres_pid_ticks >"$WORK/pg-ticks-0"
	thread_ticks "$API_PID" >"$WORK/threads-before"
	local from
	from=$(date +%H:%M:%S)
	transfer_pass transfer.measure "$DURATION" $((DURATION * rate)) "$TRANSFER_CONNECTIONS"
	postgres_pid_ticks >"$WORK/pg-ticks-1"
	thread_ticks "$API_PID" >"$WORK/threads-after"
	thread_share "$WORK/threads-before" "$WORK/threads-after" "${R[transfer.measure.requests]}" >"$WORK/threads-transfers.txt"
	# PostgreSQL's share: its processes' CPU over the pass (backends that lived through it)
	R[transfer.measure.pg_cpu_us]=$(postgres_cpu_us "${R[transfer.measure.requests]}")
	log "PostgreSQL CPU per transfer in the measured pass: ${R[transfer.measure.pg_cpu_us]} µs"
	if [[ $PROFILE == 1 ]]; then
		jcmd "$API_PID" JFR.dump name=bench "filename=$WORK/transfers.jfr" >/dev/null
		{
			profile_summary "$WORK/transfers.jfr" "$from"
			profile_top "$WORK/transfers.jfr" "$from"
		} >"$WORK/profile-transfers.txt"
	fi
	money_check "$TRANSFER_DB"
}

# 4c: PostgreSQL alone: one transfer's statements (bench/pgbench/transfer.sql) sent by pgbench, a C
# client that costs next to nothing, at the transfers' concurrency: the database's own ceiling on
# this machine, with no JVM beside it. Variants: "api", the API's 10 round trips; "pipelined", the
# transaction's writes and its COMMIT in one round trip (pgbench's pipeline mode).
database_alone() {
	if ! command -v pgbench >/dev/null; then
		log "no pgbench: the database part is skipped (Debian: postgresql-client)"
		return 0
	fi
	# the API's schema and the bench customers: its migrations run, it exits once refreshed
	local opts=$API_JAVA_OPTS
	API_JAVA_OPTS="$opts -Dspring.context.exit=onRefresh"
	API_NO_WAIT=1 start_api postgres
	API_JAVA_OPTS=$opts
	wait_gone "$API_PID" 120 || die "the API did not exit after its migrations"
	reap "$API_PID" || true
	API_PID=""
	local variant script before after start n n0 n1 t0 t1 m0 m1 c0 c1 pid
	# every pgbench transfer moves 1.00 between two bench customers: the total stays
	before=$(psql -Atc "SELECT sum(balance) FROM \"$BENCH_SCHEMA\".accounts")
	if ((DATABASE_FILL_SECONDS > 0)); then
		log "PostgreSQL alone: filling the tables for $DATABASE_FILL_SECONDS s (unmeasured)"
		PGOPTIONS="-c search_path=$BENCH_SCHEMA" run pgbench -n -M prepared -c "$TRANSFER_CONNECTIONS" -j "$THREADS" \
			-T "$DATABASE_FILL_SECONDS" -D customers="$CUSTOMERS" -f "$BENCH_ROOT/bench/pgbench/transfer.sql" >"$WORK/pgbench-fill.log" 2>&1 \
			|| { cat "$WORK/pgbench-fill.log" >&2; die "pgbench (fill) failed"; }
	fi
	for variant in api pipelined; do
		script="$WORK/transfer-$variant.pgbench"
		if [[ $variant == api ]]; then
			cp "$BENCH_ROOT/bench/pgbench/transfer.sql" "$script"
		else
			sed -e 's/^-- writes begin$/\\startpipeline/' -e 's/^-- writes end$/\\endpipeline/' \
				"$BENCH_ROOT/bench/pgbench/transfer.sql" >"$script"
		fi
		log "PostgreSQL alone ($variant): pgbench -c$TRANSFER_CONNECTIONS -j$THREADS -M prepared, 3 s warm-up, $DURATION s measured"
		# transfers counted in the table, CPU from /proc, latency from pgbench's progress each second;
		# pgbench runs on until it is stopped after the window, so the window's timing does not matter
		start=$(date +%s.%N)
		PGOPTIONS="-c search_path=$BENCH_SCHEMA" start_bg "pgbench-$variant" pgbench -n -M prepared \
			-c "$TRANSFER_CONNECTIONS" -j "$THREADS" -T $((DURATION + 120)) -D customers="$CUSTOMERS" -P 1 -f "$script"
		pid=$LAST_PID
		sleep 3
		sleep_to_second
		t0=$(date +%s.%N)
		n0=$(psql -Atc "SELECT count(*) FROM \"$BENCH_SCHEMA\".transfers")
		postgres_pid_ticks >"$WORK/pg-ticks-0"
		c0=$(cpu_ticks "$pid")
		read -r -a m0 < <(machine_ticks)
		sleep "$DURATION"
		postgres_pid_ticks >"$WORK/pg-ticks-1"
		c1=$(cpu_ticks "$pid")
		read -r -a m1 < <(machine_ticks)
		n1=$(psql -Atc "SELECT count(*) FROM \"$BENCH_SCHEMA\".transfers")
		t1=$(date +%s.%N)
		# stopped once measured: its logs have what it did, second by second
		kill -TERM "$pid" 2>/dev/null || true
		wait_gone "$pid" 30 || die "pgbench did not stop"
		reap "$pid" || true
		if grep -q 'aborted' "$WORK/pgbench-$variant.log"; then
			cat "$WORK/pgbench-$variant.log" >&2
			die "pgbench ($variant): a client aborted"
		fi
		n=$((n1 - n0))
		R[db.$variant.rows]=$n0
		R[db.$variant.tps]=$(awk -v n="$n" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", n / (t1 - t0) }')
		# "progress: 5.0 s, 1052.3 tps, lat 15.128 ms stddev ...": the lines inside the window
		R[db.$variant.latency]=$(awk -v from="$(awk -v a="$t0" -v b="$start" 'BEGIN { print a - b }')" \
			-v to="$(awk -v a="$t1" -v b="$start" 'BEGIN { print a - b }')" \
			'/^progress: / && $2 + 0 > from && $2 + 0 <= to + 1 { l += $4 * $7; n += $4 } END { printf "%.2f", (n > 0) ? l / n : 0 }' \
			"$WORK/pgbench-$variant.log")
		R[db.$variant.cpu_us]=$(postgres_cpu_us "$n")
		R[db.$variant.client_us]=$(awk -v d=$((c1 - c0)) -v hz="$CLK_TCK" -v n="$n" 'BEGIN { if (n > 0) printf "%.1f", d / hz * 1e6 / n; else print "-" }')
		R[db.$variant.busy]=$(awk -v b=$((m1[0] - m0[0])) -v t=$((m1[1] - m0[1])) 'BEGIN { printf "%.0f", (t > 0) ? 100 * b / t : 0 }')
		log "PostgreSQL alone ($variant): ${R[db.$variant.tps]} transfers/s, ${R[db.$variant.cpu_us]} µs of its CPU each (pgbench ${R[db.$variant.client_us]} µs), machine busy ${R[db.$variant.busy]}%"
	done
	after=$(psql -Atc "SELECT sum(balance) FROM \"$BENCH_SCHEMA\".accounts")
	if [[ -n $before ]] && awk -v a="$after" -v b="$before" 'BEGIN { exit !(a + 0 == b + 0) }'; then
		R[db.money]=PASS
	else
		R[db.money]=FAIL
		FAILED=1
		log "PostgreSQL alone: the balances added up to $before before pgbench and $after after"
	fi
	psql -q -c "DROP SCHEMA IF EXISTS \"$BENCH_SCHEMA\" CASCADE" >/dev/null 2>&1 && SCHEMA_CREATED=0
}

# utime and stime of each thread of process $1, summed by thread name with digits dropped
# ("http-nio-exec-", "C2 CompilerThread", "GC Thread#"): "name (user|kernel)<TAB>ticks" lines
thread_ticks() {
	local task
	for task in /proc/"$1"/task/*; do
		awk '{ name = $0; sub(/^[0-9]+ \(/, "", name); sub(/\) .*$/, "", name); gsub(/[0-9]+/, "", name)
			rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " "); print name " (user)\t" f[12]; print name " (kernel)\t" f[13] }' "$task/stat" 2>/dev/null
	done | awk -F'\t' '{ t[$1] += $2 } END { for (n in t) print n "\t" t[n] }'
}

# thread_share BEFORE AFTER REQUESTS: µs of CPU per request by thread group, largest first
thread_share() {
	awk -F'\t' -v hz="$CLK_TCK" -v n="$3" 'FNR == NR { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 0) printf "%9.1f µs  %s\n", d / hz * 1e6 / n, $1 }' "$1" "$2" | sort -rn | head -12
}

# "pid ticks" (utime+stime) of every PostgreSQL server process (processes named postgres)
postgres_pid_ticks() {
	local pid t
	for pid in $(pgrep -x postgres); do
		t=$(cpu_ticks "$pid" 2>/dev/null) && [[ -n $t ]] && echo "$pid $t"
	done
	return 0
}

# postgres_cpu_us N: PostgreSQL's µs of CPU per request between $WORK/pg-ticks-0 and -1, over the
# processes alive at both ends (its backends and its own); a process that ended in between would
# take its whole CPU out of a plain sum
postgres_cpu_us() {
	awk -v hz="$CLK_TCK" -v n="$1" 'FNR == NR { t[$1] = $2; next } ($1 in t) { d += $2 - t[$1] }
		END { if (n > 0) printf "%.1f", d / hz * 1e6 / n; else print "-" }' "$WORK/pg-ticks-0" "$WORK/pg-ticks-1"
}

# The methods most often on top of the stack, and the API's own frames most often on it
profile_top() {
	jfr print --events jdk.ExecutionSample --stack-depth 256 "$1" | awk -v from="${2:-}" '
		/^jdk.ExecutionSample/ { top = 0; delete seen; next }
		/^  startTime = / { keep = ($3 >= from); if (keep) { n++; top = 1 } next }
		!keep { next }
		/line:/ {
			f = $1
			if (top) { self[f]++; top = 0 }
			if (f ~ /^dev\.stepup/ && !(f in seen)) { seen[f] = 1; mine[f]++ }
		}
		END {
			print "top of stack (self):"
			for (f in self) printf "%6.1f%%  %s\n", 100 * self[f] / n, f | "sort -rn | head -25"
			close("sort -rn | head -25")
			print "the API'"'"'s frames anywhere on the stack (inclusive):"
			for (f in mine) printf "%6.1f%%  %s\n", 100 * mine[f] / n, f | "sort -rn | head -30"
		}'
}

# 4b: database round trips per request, counted by a proxy in front of PostgreSQL
round_trips() {
	log "round trips: the API again, its database behind the counting proxy (bench/.../RoundTrips)"
	start_bg roundtrips java -cp "$TOOLS_CP" dev.stepup.bank.bench.load.RoundTrips --listen-port-out "$WORK/proxy.port" \
		--count-out "$WORK/proxy.count" --target-host "$PGHOST" --target-port "$PGPORT"
	local i
	for ((i = 0; i < 300; i++)); do
		[[ -s $WORK/proxy.port ]] && break
		sleep 0.1
	done
	[[ -s $WORK/proxy.port ]] || die "round-trip proxy did not start"
	COMPLETED=0 DECLINED=0 UNANSWERED=0
	PG_CONNECT_PORT=$(cat "$WORK/proxy.port") start_api postgres
	local token file="$WORK/transfers-rt.tsv" before after kind
	token=$(mint_token bench-0001 view:balance 3600)
	mint_transfers "$ROUND_TRIP_TRANSFERS" "$file" "$TOKEN_LIFETIME"
	for kind in balance transfer; do
		sleep 0.5
		read -r -a before <"$WORK/proxy.count"
		if [[ $kind == balance ]]; then
			run wrk -t1 -c4 -d3s -s "$BENCH_ROOT/bench/wrk/bench.lua" -H "Authorization: Bearer $token" "$API_URL/balance" -- fixed >"$WORK/wrk-rt-$kind.log"
		else
			run wrk -t1 -c4 -d60s -s "$BENCH_ROOT/bench/wrk/bench.lua" "$API_URL/transfer" -- tokens "$file" 1 "$ROUND_TRIP_TRANSFERS" >"$WORK/wrk-rt-$kind.log"
		fi
		sleep 0.5
		read -r -a after <"$WORK/proxy.count"
		local line n
		line=$(grep '^RESULT ' "$WORK/wrk-rt-$kind.log")
		n=$(result_field answered "$line")
		if [[ $kind == transfer ]]; then
			COMPLETED=$(result_field c201 "$line")
			DECLINED=$(result_field c422 "$line")
			UNANSWERED=$(($(result_field sent "$line") - n))
		fi
		R[rt.$kind]=$(awk -v s=$((after[0] - before[0] + after[1] - before[1])) -v n="$n" 'BEGIN { printf "%.2f", s / n }')
		R[rt.$kind.n]=$n
		log "round trips per $kind: ${R[rt.$kind]} (over $n answered requests)"
	done
	money_check roundtrips
}

# result_field NAME LINE: the number after " NAME=" in a RESULT line of bench/wrk/bench.lua
result_field() {
	local pattern=" $1=([0-9]+)"
	[[ $2 =~ $pattern ]] && echo "${BASH_REMATCH[1]}"
}

# 5: JMH (a) the signature floor and (b) an unseen token through the real pipeline
unseen_tokens() {
	local out="$WORK/jmh.txt"
	log "JMH: TokenValidationBenchmark a_signatureFloor and b_unseenToken ($JMH_ARGS)"
	# shellcheck disable=SC2086 # JMH_ARGS is a list of options
	run java -cp "$TOOLS_CP" org.openjdk.jmh.Main 'TokenValidationBenchmark\.(a_signatureFloor|b_unseenToken)' \
		-p tokenCache=true $JMH_ARGS -rf text -rff "$out" >"$WORK/jmh.log" 2>&1 || { tail -20 "$WORK/jmh.log" >&2; die "JMH failed"; }
	R[jmh.a]=$(awk '/a_signatureFloor/ { print $(NF-3) }' "$out")
	R[jmh.b]=$(awk '/b_unseenToken/ { print $(NF-3) }' "$out")
	log "JMH: (a) ${R[jmh.a]} µs, (b) ${R[jmh.b]} µs"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "" && a != "-") printf "%.2f", a / b; else print "-" }'; }
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { if (v == "-" || v == "") print "?"; else if ((dir == "min" && v + 0 >= t) || (dir == "max" && v + 0 <= t)) print "MET"; else print "MISSED" }'; }

report() {
	set +e # a part not run leaves its numbers as "-"
	local w k variant at60=""
	echo
	echo "== Step-up Bank performance (issue 17): $(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$BENCH_ROOT" diff --quiet HEAD 2>/dev/null || echo '+changes'), $(date -u '+%Y-%m-%d %H:%M UTC') =="
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average before: $LOADAVG_BEFORE"
	echo "JVM: $("$API_JAVA" -version 2>&1 | head -1); flags: $API_JAVA_OPTS (API and vanilla alike$([[ $AOT == 1 ]] && echo ", the AOT cache the API's only, trained: AOT_TRAINING=$AOT_TRAINING"))"
	echo "wrk -t$THREADS -c$CONNECTIONS (transfers -c$TRANSFER_CONNECTIONS), on the same cores; SHORT=$SHORT"
	echo "'machine busy' = both cores' use during the pass; above the server's + wrk's share, something else ran and absolute numbers are low"
	echo
	echo "-- warm-up: API (H2) from process start, GET /balance under load from the first answer"
	echo "first answer: API ${R[first_answer]:--} s (${R[first_answer_cpu]:--} s CPU), vanilla ${R[vanilla_first_answer]:-?} s (${R[vanilla_first_answer_cpu]:-?} s CPU)"
	printf '%8s %10s %12s %7s %9s %8s\n' 'until s' 'req/s' 'µs CPU/req' cores 'p99 ms' 'busy %'
	for w in "${WINDOWS[@]}"; do
		k="warmup.$w"
		printf '%8s %10s %12s %7s %9s %8s\n' "$w" "${R[$k.rps]:--}" "${R[$k.cpu_us]:--}" "${R[$k.cores]:--}" "${R[$k.p99_ms]:--}" "${R[$k.busy]:--}"
		((w <= 60)) && at60=$w
	done
	echo
	echo "-- steady state, GET /balance (same token reused; vanilla verifies RS256 every time; bare has no token)"
	printf '%-10s %10s %12s %7s %9s %8s %8s  %s\n' server 'req/s' 'µs CPU/req' cores 'p99 ms' non-2xx 'busy %' statuses
	for k in api vanilla bare express; do
		[[ -n ${R[steady.$k.rps]:-} ]] || continue
		printf '%-10s %10s %12s %7s %9s %8s %8s  %s\n' "$k" "${R[steady.$k.rps]:--}" "${R[steady.$k.cpu_us]:--}" \
			"${R[steady.$k.cores]:--}" "${R[steady.$k.p99_ms]:--}" "${R[steady.$k.non2xx]:--}" "${R[steady.$k.busy]:--}" "${R[steady.$k.statuses]:--}"
	done
	echo
	echo "-- transfers on $TRANSFER_DB (fresh token and Idempotency-Key each; synchronous_commit $(psql -Atc 'SHOW synchronous_commit' 2>/dev/null || echo '?'))"
	printf '%-18s %10s %9s %9s %12s %8s  %s\n' pass 'req/s' 'p50 ms' 'p99 ms' 'µs CPU/req' non-2xx statuses
	for k in transfer.warmup transfer.measure; do
		printf '%-18s %10s %9s %9s %12s %8s  %s\n' "$k" "${R[$k.rps]:--}" "${R[$k.p50_ms]:--}" "${R[$k.p99_ms]:--}" "${R[$k.cpu_us]:--}" "${R[$k.non2xx]:--}" "${R[$k.statuses]:--}"
	done
	echo "money check: ${R[$TRANSFER_DB.money]:--}, round-trip pass: ${R[roundtrips.money]:--}"
	echo "database round trips per request (Sync + simple Query messages): balance ${R[rt.balance]:--}, transfer ${R[rt.transfer]:--} (over ${R[rt.transfer.n]:--})"
	echo
	if [[ -n ${R[transfer.measure.pg_cpu_us]:-} ]]; then
		echo "PostgreSQL CPU per transfer (measured pass): ${R[transfer.measure.pg_cpu_us]} µs"
	fi
	if [[ -f $WORK/threads-transfers.txt ]]; then
		echo "API CPU per transfer by thread (measured pass):"
		cat "$WORK/threads-transfers.txt"
	fi
	if [[ -n ${R[db.api.tps]:-} ]]; then
		echo "PostgreSQL alone, the transfer's statements from pgbench (bench/pgbench/transfer.sql, -c$TRANSFER_CONNECTIONS, no API), money check ${R[db.money]:--}:"
		printf '  %-44s %11s %11s %11s %7s %7s %12s\n' variant transfers/s 'µs CPU: PG' pgbench 'avg ms' 'busy %' 'rows before'
		for variant in api pipelined; do
			printf '  %-44s %11s %11s %11s %7s %7s %12s\n' \
				"$([[ $variant == api ]] && echo "as the API sends them (10 round trips)" || echo "writes and COMMIT pipelined (4 round trips)")" \
				"${R[db.$variant.tps]:--}" "${R[db.$variant.cpu_us]:--}" "${R[db.$variant.client_us]:--}" "${R[db.$variant.latency]:--}" \
				"${R[db.$variant.busy]:--}" "${R[db.$variant.rows]:--}"
		done
	fi
	if [[ -f $WORK/profile-transfers.txt ]]; then
		echo "-- profile of the API's measured transfer pass"
		cat "$WORK/profile-transfers.txt"
		echo
	fi
	if [[ -f $WORK/profile.txt ]]; then
		echo "-- profile of the API's steady pass (share of samples with a frame of each; they overlap)"
		cat "$WORK/profile.txt"
		echo
	fi
	echo "-- unseen tokens (JMH, µs/op): (a) signature floor ${R[jmh.a]:-?}, (b) full validation ${R[jmh.b]:-?}"
	echo
	local steady=${R[steady.api.rps]:--}
	local api_cpu=${R[steady.api.cpu_us]:--}
	local r_express r_vanilla r_bare r_w60 r_b r_cpu_vanilla
	r_express=$(ratio "$steady" "${R[steady.express.rps]:-}")
	r_vanilla=$(ratio "$steady" "${R[steady.vanilla.rps]:--}")
	r_bare=$(ratio "$steady" "${R[steady.bare.rps]:--}")
	r_cpu_vanilla=$(ratio "$api_cpu" "${R[steady.vanilla.cpu_us]:--}")
	r_w60=$( [[ -n $at60 ]] && ratio "${R[warmup.$at60.rps]:--}" "$steady" || echo -)
	r_b=$(ratio "${R[jmh.b]:-}" "${R[jmh.a]:-}")
	echo "== targets"
	printf '%-62s %10s %8s\n' target measured verdict
	printf '%-62s %10s %8s\n' "API µs CPU per GET /balance <= 120" "$api_cpu" "$(verdict "$api_cpu" 120 max)"
	printf '%-62s %10s %8s\n' "API req/s / Express req/s >= 4" "$r_express" "$(verdict "$r_express" 4 min)"
	printf '%-62s %10s %8s\n' "API req/s / vanilla resource server req/s >= 0.8" "$r_vanilla" "$(verdict "$r_vanilla" 0.8 min)"
	printf '%-62s %10s %8s\n' "  (API µs CPU / vanilla µs CPU; lower is better)" "$r_cpu_vanilla" ""
	printf '%-62s %10s %8s\n' "  (API req/s / bare endpoint req/s, the framework's ceiling)" "$r_bare" ""
	printf '%-62s %10s %8s\n' "first answer after process start <= 3 s" "${R[first_answer]:--}" "$(verdict "${R[first_answer]:--}" 3 max)"
	printf '%-62s %10s %8s\n' "req/s of the window ending at ${at60:-?} s / steady >= 0.9" "$r_w60" "$(verdict "$r_w60" 0.9 min)"
	printf '%-62s %10s %8s\n' "transfers/s on PostgreSQL >= 1000" "${R[transfer.measure.rps]:--}" "$(verdict "${R[transfer.measure.rps]:--}" 1000 min)"
	printf '%-62s %10s %8s\n' "  (PostgreSQL alone, the same statements from pgbench: its /s)" "${R[db.api.tps]:--}" ""
	printf '%-62s %10s %8s\n' "transfer p99 ms <= 50" "${R[transfer.measure.p99_ms]:--}" "$(verdict "${R[transfer.measure.p99_ms]:--}" 50 max)"
	printf '%-62s %10s %8s\n' "money check" "${R[$TRANSFER_DB.money]:--}" "$(case ${R[$TRANSFER_DB.money]:--} in PASS) echo MET ;; -) echo '?' ;; *) echo MISSED ;; esac)"
	printf '%-62s %10s %8s\n' "unseen token (b)/(a) (round 1: 1.50, keep or better)" "$r_b" "$(verdict "$r_b" 1.50 max)"
}

main() {
	[[ $# == 0 ]] || { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2; }
	LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
	bench_init
	install_if_missing wrk
	build_all
	require_postgres
	start_jwks
	TOKEN_LIFETIME=300
	local started=$SECONDS
	if [[ $AOT == 1 ]]; then
		aot_training
	fi
	[[ " $PARTS " == *" api "* ]] && warmup_and_steady
	[[ " $PARTS " == *" yardsticks "* ]] && yardsticks
	[[ " $PARTS " == *" transfers "* ]] && transfers
	[[ " $PARTS " == *" roundtrips "* ]] && round_trips
	[[ " $PARTS " == *" database "* ]] && database_alone
	[[ " $PARTS " == *" unseen "* ]] && unseen_tokens
	log "all passes done in $((SECONDS - started)) s"
	report
	return "$FAILED"
}

main "$@"
