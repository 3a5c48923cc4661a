# Shared by bench/run.sh and bench/heap.sh (sourced, not run): build, the JWKS
# server, the API on H2 or PostgreSQL, token minting, the money check, and the
# clean-up of everything started here.
# shellcheck shell=bash

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly BENCH_ROOT
readonly API_JAR="$BENCH_ROOT/target/stepup-bank-0.1.0-SNAPSHOT.jar"

# PostgreSQL: the standard libpq variables, so psql and the API agree.
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGDATABASE="${PGDATABASE:-test}" PGUSER="${PGUSER:-postgres}"
BENCH_SCHEMA="${BENCH_SCHEMA:-bench}"
CUSTOMERS="${CUSTOMERS:-200}"
OPENING_BALANCE="${OPENING_BALANCE:-1000000.00}"
API_JAVA_OPTS="${API_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC}"
API_JAVA="${API_JAVA:-java}"
READY_TIMEOUT="${READY_TIMEOUT:-180}"
BUILD="${BUILD:-1}"

BENCH_PIDS=()
SCHEMA_CREATED=0
API_PID=""
WORK=""

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Everything this script started, by process id, then its temporary files and schema.
cleanup() {
	local status=$? pid
	trap - EXIT INT TERM
	# a script's own clean-up first (bench/startup.sh: its containers)
	if declare -F cleanup_extra >/dev/null; then
		cleanup_extra || true
	fi
	for pid in ${BENCH_PIDS[@]+"${BENCH_PIDS[@]}"}; do
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
		fi
	done
	for pid in ${BENCH_PIDS[@]+"${BENCH_PIDS[@]}"}; do
		wait_gone "$pid" 20 || kill -KILL "$pid" 2>/dev/null || true
	done
	if [[ $SCHEMA_CREATED == 1 ]]; then
		PGOPTIONS='-c client_min_messages=warning' psql -q -v ON_ERROR_STOP=1 \
			-c "DROP SCHEMA IF EXISTS \"$BENCH_SCHEMA\" CASCADE" >/dev/null 2>&1 \
			|| log "could not drop schema $BENCH_SCHEMA"
	fi
	if [[ -n $WORK && -d $WORK ]]; then
		if [[ ${KEEP_WORK:-0} == 1 ]]; then
			log "logs and token files kept in $WORK"
		else
			rm -rf "$WORK"
		fi
	fi
	exit "$status"
}

bench_init() {
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	cd "$BENCH_ROOT" || exit 1
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/stepup-bench.XXXXXX")
	log "work directory $WORK (KEEP_WORK=1 keeps it)"
}

# waits up to $2 seconds for process $1 to end
wait_gone() {
	local pid=$1 i
	for ((i = 0; i < $2 * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

# starts "$@" in the background with output to $WORK/$1.log; its pid in LAST_PID
start_bg() {
	local name=$1
	shift
	"$@" >"$WORK/$name.log" 2>&1 &
	LAST_PID=$!
	BENCH_PIDS+=("$LAST_PID")
}

# reaps process $1 (it has ended or is ending) and stops tracking it, so that
# clean-up never signals a process id the system has given to someone else
reap() {
	local pid=$1 status=0 kept=() p
	wait "$pid" || status=$?
	for p in "${BENCH_PIDS[@]}"; do
		[[ $p == "$pid" ]] || kept+=("$p")
	done
	BENCH_PIDS=(${kept[@]+"${kept[@]}"})
	return "$status"
}

# Runs "$@" to its end, but as a tracked background process: a trapped signal
# interrupts the wait at once (Ctrl-C reaches the trap, which ends it), whereas
# a foreground child that handles SIGINT itself, like wrk, which prints its
# results and exits 0, would make bash ignore the Ctrl-C and carry on.
run() {
	"$@" &
	BENCH_PIDS+=("$!")
	reap "$!"
}

install_if_missing() {
	local tool=$1 package=${2:-$1}
	command -v "$tool" >/dev/null && return 0
	log "installing $package (apt-get)"
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
}

build() {
	if [[ $BUILD == 0 && -f $API_JAR && -f $BENCH_ROOT/target/benchmarks.classpath ]]; then
		log "BUILD=0: using the jar and test classes already in target/"
	else
		log "building: ./mvnw -B -q -P${BUILD_PROFILES:-benchmarks} -DskipTests verify"
		run ./mvnw -B -q "-P${BUILD_PROFILES:-benchmarks}" -DskipTests verify
	fi
	TOOLS_CP="$BENCH_ROOT/target/classes:$BENCH_ROOT/target/test-classes:$(cat "$BENCH_ROOT/target/benchmarks.classpath")"
}

tool() {
	local main=$1
	shift
	run java -cp "$TOOLS_CP" "dev.stepup.bank.bench.load.$main" "$@"
}

# a port nobody listens on (a small race with other programs is accepted)
free_port() {
	local port
	for ((port = 20000 + RANDOM % 20000; ; port++)); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
}

# A fresh RSA-2048 key, its JWKS on 127.0.0.1; sets KEY_FILE, ISSUER, JWKS_URI.
start_jwks() {
	KEY_FILE="$WORK/signing-key.json"
	start_bg jwks java -cp "$TOOLS_CP" dev.stepup.bank.bench.load.JwksServe \
		--key-out "$KEY_FILE" --port-out "$WORK/jwks.port"
	local i
	for ((i = 0; i < 300; i++)); do
		[[ -s $WORK/jwks.port ]] && break
		kill -0 "$LAST_PID" 2>/dev/null || { cat "$WORK/jwks.log" >&2; die "JWKS server did not start"; }
		sleep 0.1
	done
	[[ -s $WORK/jwks.port ]] || die "JWKS server did not start in 30 s"
	ISSUER="http://127.0.0.1:$(cat "$WORK/jwks.port")"
	JWKS_URI="$ISSUER/oauth2/jwks"
	log "JWKS server (fresh RSA-2048 key) at $JWKS_URI, issuer $ISSUER"
}

require_postgres() {
	install_if_missing psql postgresql-client
	psql -q -c 'SELECT 1' >/dev/null 2>&1 \
		|| die "PostgreSQL not reachable as $PGUSER@$PGHOST:$PGPORT/$PGDATABASE (set PGHOST, PGPORT, PGDATABASE, PGUSER)"
}

# Prepares an empty database for $1 (h2|postgres); sets DB_URL, DB_USER, DB_PASSWORD, DB_ARGS.
prepare_database() {
	case $1 in
	h2)
		mkdir -p "$WORK/h2"
		# as in application.yml: transfers on one account wait for each other's row lock
		DB_URL="jdbc:h2:file:$WORK/h2/bank;LOCK_TIMEOUT=10000"
		DB_USER=sa
		DB_PASSWORD=""
		DB_ARGS=("--spring.datasource.url=$DB_URL")
		;;
	postgres)
		require_postgres
		psql -q -v ON_ERROR_STOP=1 >/dev/null <<-SQL
			SET client_min_messages = warning;
			DROP SCHEMA IF EXISTS "$BENCH_SCHEMA" CASCADE;
			CREATE SCHEMA "$BENCH_SCHEMA";
		SQL
		SCHEMA_CREATED=1
		# PG_CONNECT_PORT: the API may reach the server through a proxy (bench/perf.sh counts round trips so)
		DB_URL="jdbc:postgresql://$PGHOST:${PG_CONNECT_PORT:-$PGPORT}/$PGDATABASE?currentSchema=$BENCH_SCHEMA"
		DB_USER=$PGUSER
		DB_PASSWORD=${PGPASSWORD:-}
		# the postgres profile: PostgreSQL, JSON (ECS) logs, no Swagger UI, as deployed
		DB_ARGS=(--spring.profiles.active=postgres "--spring.datasource.url=$DB_URL"
			"--spring.datasource.username=$DB_USER" "--spring.datasource.password=$DB_PASSWORD")
		log "PostgreSQL schema $BENCH_SCHEMA created empty in $PGDATABASE on $PGHOST:$PGPORT"
		;;
	*) die "unknown database $1 (h2 or postgres)" ;;
	esac
}

# The sum of balances the seed opens: the bench customers plus the demo's alice (1000) and bob (500).
expected_total() {
	awk -v n="$CUSTOMERS" -v b="$OPENING_BALANCE" 'BEGIN { printf "%.2f", n * b + 1500 }'
}

# Starts the jar on $1 (h2|postgres) with extra arguments "${@:2}", waits for readiness; sets API_PID, API_URL.
start_api() {
	local db=$1
	shift
	prepare_database "$db"
	local port
	port=$(free_port)
	API_URL="http://127.0.0.1:$port"
	# shellcheck disable=SC2206 # API_JAVA_OPTS is a list of JVM options, split on purpose
	local jvm=($API_JAVA_OPTS)
	# shellcheck disable=SC2034 # read by bench/perf.sh
	API_STARTED_NS=$(date +%s%N)
	start_bg "api-$db" "$API_JAVA" "${jvm[@]}" -jar "${API_RUN_JAR:-$API_JAR}" \
		"--server.port=$port" \
		"--spring.security.oauth2.resourceserver.jwt.issuer-uri=$ISSUER" \
		"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=$JWKS_URI" \
		"--spring.flyway.locations=classpath:db/migration,classpath:db/vendor/{vendor},filesystem:$BENCH_ROOT/bench/sql" \
		"--spring.flyway.placeholders.bench_customers=$CUSTOMERS" \
		"--spring.flyway.placeholders.bench_opening_balance=$OPENING_BALANCE" \
		"${DB_ARGS[@]}" "$@"
	API_PID=$LAST_PID
	API_LOG="$WORK/api-$db.log"
	log "API ($db) starting on $API_URL, pid $API_PID, JVM: $API_JAVA $API_JAVA_OPTS"
	[[ ${API_NO_WAIT:-0} == 1 ]] && return 0
	local i
	for ((i = 0; i < READY_TIMEOUT * 2; i++)); do
		if curl -fs -o /dev/null "$API_URL/actuator/health/readiness"; then
			log "API ($db) ready after $((i / 2)) s"
			return 0
		fi
		kill -0 "$API_PID" 2>/dev/null || { tail -40 "$API_LOG" >&2; die "API ($db) exited during start"; }
		sleep 0.5
	done
	tail -40 "$API_LOG" >&2
	die "API ($db) not ready after $READY_TIMEOUT s"
}

# SIGTERM: Spring's graceful shutdown lets requests still running finish first.
stop_api() {
	[[ -n $API_PID ]] || return 0
	kill -TERM "$API_PID" 2>/dev/null || true
	wait_gone "$API_PID" 60 || { log "API did not stop in 60 s, killing it"; kill -KILL "$API_PID" 2>/dev/null || true; }
	reap "$API_PID" || true
	API_PID=""
}

# mint_token SUBJECT SCOPE LIFETIME: one token on stdout. Called in $(...), a
# subshell without our traps: a plain foreground child, which Ctrl-C ends itself.
mint_token() {
	java -cp "$TOOLS_CP" dev.stepup.bank.bench.load.Mint --key "$KEY_FILE" --issuer "$ISSUER" --kind token --subject "$1" --scope "$2" --lifetime "$3"
}

# mint_transfers COUNT FILE LIFETIME: COUNT single-use transfer requests, signed on every core
mint_transfers() {
	tool Mint --key "$KEY_FILE" --issuer "$ISSUER" --kind transfer --count "$1" --out "$2" \
		--lifetime "$3" --customers "$CUSTOMERS"
}

# verify_money COMPLETED_SEEN DECLINED_SEEN UNANSWERED: the money check, API stopped first
verify_money() {
	tool Verify --url "$DB_URL" --user "$DB_USER" --password "$DB_PASSWORD" --expected-total "$(expected_total)" \
		--completed-seen "$1" --declined-seen "$2" --unanswered "$3"
}
