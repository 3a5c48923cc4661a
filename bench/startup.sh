#!/usr/bin/env bash
# Start-up of the API, from process (or `docker run`) start: seconds to the first 200 on
# /actuator/health/readiness and to the first authenticated GET /balance, the CPU the JVM
# had spent by each, and Spring's "Started BankApplication in X seconds (process running
# for Y)". Each variant RUNS times, one after another, medians at the end, with the load
# average around each run. Nothing but the start is measured: no load.
#
#   bench/startup.sh direct     the jar extracted (application.jar + lib/) as the image runs
#                               it, on JDK 17 (java), JDK 25 (AOT_JAVA) and JDK 25 with an AOT
#                               cache trained the image's way (dev.stepup.training.TrainingRun,
#                               H2 in memory); the image's JVM flags, H2 in a new file
#   SPRING_AOT=1 bench/startup.sh direct
#                               the JDK 25 + AOT cache variant against the same with Spring's AOT
#                               processing (built with -Pspring-aot, run with -Dspring.aot.enabled=true,
#                               its cache trained the same way): what Spring's AOT would buy
#                               Beside them, the framework's floor: the vanilla Spring Boot resource
#                               server of bench/perf.sh (bench/vanilla: web, security, resource server,
#                               no database), extracted and run the same way on JDK 17 and on JDK 25
#                               with its own AOT cache (trained by 20 s of its two requests); its
#                               "ready" is the first 200 of its token-less /bare, its "balance" the first
#                               verified GET /balance. FLOOR=0 leaves it out.
#   bench/startup.sh image      docker run of each image in IMAGES (name=image ...), on the
#                               host's network, its own entry point and JVM flags, H2 under
#                               /app/data; the images are built beforehand (Dockerfile)
#
# The API reads keys from a local JWKS server (bench/lib.sh) and the token is alice's
# view:balance token (the demo data). Env: RUNS (3), AOT_JAVA (Temurin 25), IMAGES, BUILD,
# KEEP_WORK; see bench/README.md.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-3}"
AOT_JAVA="${AOT_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
# 1: direct compares the image's JVM and cache with and without Spring's AOT processing (the build
# adds the spring-aot profile; only with BUILD=1 or a jar built so)
SPRING_AOT="${SPRING_AOT:-0}"
# 1: direct also starts the vanilla resource server (the framework's floor)
FLOOR="${FLOOR:-1}"
VANILLA_JAR="$BENCH_ROOT/bench/vanilla/target/vanilla-resource-server-0.jar"
[[ $SPRING_AOT == 1 ]] && BUILD_PROFILES="benchmarks,spring-aot"
IMAGES="${IMAGES:-jdk17=stepup-bank-api:jdk17 jdk25-aot=stepup-bank-api:local}"
# the image's entry point flags (Dockerfile), for the direct runs
IMAGE_JVM_FLAGS=(-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError)
CLK_TCK=$(getconf CLK_TCK)
declare -A R=()
VARIANTS=()

# utime+stime of process $1, in seconds
cpu_seconds() {
	sed 's/^.*) //' "/proc/$1/stat" | awk -v hz="$CLK_TCK" '{ printf "%.2f", ($12 + $13) / hz }'
}

since() {
	awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'
}

# poll KEY PID T0 URL [curl options]: waits for a 200 from URL; seconds since T0 and the CPU
# of PID then in R[KEY] and R[KEY.cpu]
poll() {
	local key=$1 pid=$2 t0=$3 url=$4 i
	shift 4
	for ((i = 0; i < READY_TIMEOUT * 20; i++)); do
		if curl -fs -o /dev/null --max-time 2 "$@" "$url"; then
			R[$key]=$(since "$t0")
			R[$key.cpu]=$(cpu_seconds "$pid")
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# started KEY LOG: "Started ... in X seconds (process running for Y)" into R[KEY.started], R[KEY.running]
started() {
	local line
	line=$(grep -m1 -o 'Started [A-Za-z]*Application in [0-9.]* seconds (process running for [0-9.]*)' "$2" || true)
	R[$1.started]=$(sed -n 's/.* in \([0-9.]*\) seconds.*/\1/p' <<<"$line")
	R[$1.running]=$(sed -n 's/.*running for \([0-9.]*\))/\1/p' <<<"$line")
}

# measure_direct VARIANT RUN JAVA [JVM options]: one start of the extracted jar; a VARIANT named
# vanilla-* starts the extracted vanilla resource server instead, ready at its token-less /bare
measure_direct() {
	local variant=$1 n=$2 java=$3 key="$1.$2"
	shift 3
	local dir="$WORK/run-$key" port t0 pid app=app ready=/actuator/health/readiness token=$TOKEN args=()
	mkdir -p "$dir"
	port=$(free_port)
	args=("--spring.datasource.url=jdbc:h2:file:$dir/bank;LOCK_TIMEOUT=10000")
	if [[ $variant == vanilla-* ]]; then
		app=vanilla ready=/bare token=$VANILLA_TOKEN args=()
	fi
	R[$key.load]=$(cut -d' ' -f1 /proc/loadavg)
	t0=$(date +%s%N)
	(cd "$WORK/$app" && exec "$java" "${IMAGE_JVM_FLAGS[@]}" "$@" -jar application.jar \
		"--server.port=$port" --server.address=127.0.0.1 ${args[@]+"${args[@]}"} \
		"--spring.security.oauth2.resourceserver.jwt.issuer-uri=$ISSUER" \
		"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=$JWKS_URI") >"$dir/$app.log" 2>&1 &
	pid=$!
	BENCH_PIDS+=("$pid")
	if ! poll "$key.ready" "$pid" "$t0" "http://127.0.0.1:$port$ready" \
		|| ! poll "$key.balance" "$pid" "$t0" "http://127.0.0.1:$port/balance" -H "Authorization: Bearer $token"; then
		tail -30 "$dir/$app.log" >&2
		die "$variant: no answer (log $dir/$app.log)"
	fi
	started "$key" "$dir/$app.log"
	kill -TERM "$pid"
	wait_gone "$pid" 60 || kill -KILL "$pid"
	reap "$pid" || true
	R[$key.load]="${R[$key.load]}-$(cut -d' ' -f1 /proc/loadavg)"
	report_run "$key"
}

# measure_image VARIANT RUN IMAGE: one docker run of the image, default profile (H2 under /app/data)
measure_image() {
	local variant=$1 n=$2 image=$3 key="$1.$2"
	local port t0 id pid i log="$WORK/$1.$2.log"
	port=$(free_port)
	R[$key.load]=$(cut -d' ' -f1 /proc/loadavg)
	t0=$(date +%s%N)
	id=$(docker run --detach --network host \
		-e SERVER_ADDRESS=127.0.0.1 -e "SERVER_PORT=$port" \
		-e "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI=$ISSUER" \
		-e "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI=$JWKS_URI" \
		"$image")
	CONTAINERS+=("$id")
	pid=0
	for ((i = 0; i < 200 && pid == 0; i++)); do
		pid=$(docker inspect -f '{{.State.Pid}}' "$id")
		((pid != 0)) || sleep 0.05
	done
	((pid != 0)) || die "$variant: the container did not start"
	if ! poll "$key.ready" "$pid" "$t0" "http://127.0.0.1:$port/actuator/health/readiness" \
		|| ! poll "$key.balance" "$pid" "$t0" "http://127.0.0.1:$port/balance" -H "Authorization: Bearer $TOKEN"; then
		docker logs "$id" 2>&1 | tail -30 >&2
		die "$variant: no answer"
	fi
	docker logs "$id" >"$log" 2>&1
	started "$key" "$log"
	docker stop --time 30 "$id" >/dev/null
	docker rm "$id" >/dev/null
	R[$key.load]="${R[$key.load]}-$(cut -d' ' -f1 /proc/loadavg)"
	report_run "$key"
}

# train NAME [JVM options]: the image's training run (Dockerfile) on the extracted jar, writing the
# AOT cache $WORK/app/NAME.aot, its output in $WORK/training-NAME.log
train() {
	local name=$1
	shift
	(cd "$WORK/app" && "$AOT_JAVA" -cp "$BENCH_ROOT/target/test-classes:$WORK/app/lib/*" \
		dev.stepup.training.TrainingRun --reads-seconds 40 --transfers 3000 -- \
		"$AOT_JAVA" -Xmx1g -XX:+ExitOnOutOfMemoryError "-XX:AOTCacheOutput=$name.aot" "$@" \
		-jar application.jar --spring.datasource.url='jdbc:h2:mem:training' >"$WORK/training-$name.log" 2>&1) \
		|| { tail -30 "$WORK/training-$name.log" >&2; die "training run ($name) failed"; }
}

# train_vanilla: the vanilla resource server's AOT cache $WORK/vanilla/vanilla.aot, from 20 s of
# its verified GET /balance and its /bare (curl, 8 at a time), then SIGTERM, after which the JVM
# writes the cache
train_vanilla() {
	local port pid end log="$WORK/training-vanilla.log"
	port=$(free_port)
	(cd "$WORK/vanilla" && exec "$AOT_JAVA" -Xmx1g -XX:+ExitOnOutOfMemoryError -XX:AOTCacheOutput=vanilla.aot \
		-jar application.jar "--server.port=$port" --server.address=127.0.0.1 \
		"--spring.security.oauth2.resourceserver.jwt.issuer-uri=$ISSUER" \
		"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=$JWKS_URI") >"$log" 2>&1 &
	pid=$!
	BENCH_PIDS+=("$pid")
	poll training.vanilla "$pid" "$(date +%s%N)" "http://127.0.0.1:$port/bare" \
		|| { tail -30 "$log" >&2; die "vanilla training: no answer"; }
	end=$((SECONDS + 20))
	while ((SECONDS < end)); do
		curl -fsS --no-progress-meter -Z --parallel-max 8 -o /dev/null -H "Authorization: Bearer $VANILLA_TOKEN" \
			"http://127.0.0.1:$port/balance?n=[1-400]" || die "vanilla training: a verified GET /balance failed"
		curl -fsS --no-progress-meter -Z --parallel-max 8 -o /dev/null "http://127.0.0.1:$port/bare?n=[1-400]" \
			|| die "vanilla training: a GET /bare failed"
	done
	kill -TERM "$pid"
	wait_gone "$pid" 120 || die "vanilla training: the JVM did not end"
	reap "$pid" || true
	[[ -s $WORK/vanilla/vanilla.aot ]] || { tail -30 "$log" >&2; die "vanilla training: no AOT cache written"; }
}

report_run() {
	local k=$1
	log "$(printf '%-18s ready %6ss (%6ss CPU)  balance %6ss (%6ss CPU)  Started in %5ss (process running for %5ss)  load %s' \
		"$k" "${R[$k.ready]}" "${R[$k.ready.cpu]}" "${R[$k.balance]}" "${R[$k.balance.cpu]}" \
		"${R[$k.started]:--}" "${R[$k.running]:--}" "${R[$k.load]}")"
}

# median VARIANT FIELD: the median over the runs
median() {
	local n values=()
	for ((n = 1; n <= RUNS; n++)); do
		values+=("${R[$1.$n.$2]:-}")
	done
	printf '%s\n' "${values[@]}" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

report() {
	local v n loads
	echo
	echo "== Step-up Bank start-up ($MODE): $(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$BENCH_ROOT" diff --quiet HEAD 2>/dev/null || echo '+changes'), $(date -u '+%Y-%m-%d %H:%M UTC') =="
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average before: $LOADAVG_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "medians of $RUNS runs; seconds from process start (direct) or from \`docker run\` (image); CPU = the JVM's utime+stime then"
	printf '%-18s %9s %9s %11s %11s %10s %10s  %s\n' variant 'ready s' 'CPU s' 'balance s' 'CPU s' 'Started' 'running' 'load (1 min, each run start-end)'
	for v in "${VARIANTS[@]}"; do
		loads=""
		for ((n = 1; n <= RUNS; n++)); do
			loads+="${R[$v.$n.load]:-} "
		done
		printf '%-18s %9s %9s %11s %11s %10s %10s  %s\n' "$v" "$(median "$v" ready)" "$(median "$v" ready.cpu)" \
			"$(median "$v" balance)" "$(median "$v" balance.cpu)" "$(median "$v" started)" "$(median "$v" running)" "$loads"
	done
}

CONTAINERS=()
# called by bench/lib.sh's clean-up
cleanup_extra() {
	local id
	for id in ${CONTAINERS[@]+"${CONTAINERS[@]}"}; do
		docker rm --force "$id" >/dev/null 2>&1 || true
	done
}

main() {
	MODE=${1:-}
	case $MODE in
	direct | image) ;;
	*)
		awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
		exit 2
		;;
	esac
	LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
	bench_init
	build
	start_jwks
	TOKEN=$(mint_token alice view:balance 3600)
	local n variant image
	if [[ $MODE == direct ]]; then
		[[ -x $AOT_JAVA ]] || die "needs a JDK 25 at AOT_JAVA ($AOT_JAVA)"
		log "extracting $API_JAR (application.jar + lib/, as the image)"
		java -Djarmode=tools -jar "$API_JAR" extract --destination "$WORK/app" --application-filename application.jar >/dev/null
		log "AOT cache: the image's training run (TrainingRun: reads, transfers, refusals; H2 in memory)"
		train app
		log "AOT cache: $(du -h "$WORK/app/app.aot" | cut -f1)"
		VARIANTS=(jdk17 jdk25 jdk25-aot)
		if [[ $FLOOR == 1 ]]; then
			log "the framework's floor: building the vanilla resource server (bench/vanilla) and its AOT cache"
			run ./mvnw -B -q -f bench/vanilla/pom.xml -DskipTests package
			java -Djarmode=tools -jar "$VANILLA_JAR" extract --destination "$WORK/vanilla" --application-filename application.jar >/dev/null
			# vanilla Spring Security refuses at+jwt typed tokens: the same claims, typed JWT
			VANILLA_TOKEN=$(java -cp "$TOOLS_CP" dev.stepup.bank.bench.load.Mint --key "$KEY_FILE" --issuer "$ISSUER" \
				--kind jwt --subject alice --scope view:balance --lifetime 3600)
			train_vanilla
			log "vanilla AOT cache: $(du -h "$WORK/vanilla/vanilla.aot" | cut -f1)"
			VARIANTS+=(vanilla-jdk17 vanilla-jdk25-aot)
		fi
		if [[ $SPRING_AOT == 1 ]]; then
			log "AOT cache with Spring's AOT processing (-Dspring.aot.enabled=true): the same training"
			train app-spring-aot -Dspring.aot.enabled=true
			VARIANTS=(jdk25-aot jdk25-spring-aot)
		fi
		# round-robin, so that a change in the machine's load touches every variant alike
		for ((n = 1; n <= RUNS; n++)); do
			if [[ $SPRING_AOT == 1 ]]; then
				measure_direct jdk25-aot "$n" "$AOT_JAVA" -XX:AOTCache=app.aot
				measure_direct jdk25-spring-aot "$n" "$AOT_JAVA" -XX:AOTCache=app-spring-aot.aot -Dspring.aot.enabled=true
				continue
			fi
			measure_direct jdk17 "$n" java
			measure_direct jdk25 "$n" "$AOT_JAVA"
			measure_direct jdk25-aot "$n" "$AOT_JAVA" -XX:AOTCache=app.aot
			if [[ $FLOOR == 1 ]]; then
				measure_direct vanilla-jdk17 "$n" java
				measure_direct vanilla-jdk25-aot "$n" "$AOT_JAVA" -XX:AOTCache=vanilla.aot
			fi
		done
	else
		for variant in $IMAGES; do
			VARIANTS+=("${variant%%=*}")
			docker image inspect "${variant#*=}" >/dev/null || die "no image ${variant#*=} (IMAGES)"
		done
		for ((n = 1; n <= RUNS; n++)); do
			for variant in $IMAGES; do
				image=${variant#*=}
				measure_image "${variant%%=*}" "$n" "$image"
			done
		done
	fi
	report
}

main "$@"
