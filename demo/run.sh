#!/usr/bin/env bash
# Starts the whole Step-up Bank on this machine with Java 17 and nothing else:
# the demo authorization server and banking page (default :9000), and the API on
# its embedded defaults (default :8080, H2 under ./data). Ctrl-C stops both.
#
#   ./demo/run.sh              build both with ./mvnw, then run
#   ./demo/run.sh --no-build   run the jars built last time
#
# Ports and hosts (environment): DEMO_PORT (9000), API_PORT (8080), and the names
# the browser uses for them, DEMO_HOST and API_HOST (localhost). The issuer, the
# page's redirect URIs, the API's trusted issuer and its CORS origin follow them.
set -euo pipefail
cd "$(dirname "$0")/.."

DEMO_PORT=${DEMO_PORT:-9000}
API_PORT=${API_PORT:-8080}
DEMO_HOST=${DEMO_HOST:-localhost}
API_HOST=${API_HOST:-localhost}
ISSUER="http://$DEMO_HOST:$DEMO_PORT"
API_URL="http://$API_HOST:$API_PORT"
LOGS=demo/target/run
STARTUP_SECONDS=180

for port in "$DEMO_PORT" "$API_PORT"; do
	if [[ ! "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
		echo "Not a port: '$port' (DEMO_PORT and API_PORT take 1 to 65535)." >&2
		exit 2
	fi
done
if [[ "$DEMO_PORT" == "$API_PORT" ]]; then
	echo "DEMO_PORT and API_PORT must differ (both are $DEMO_PORT)." >&2
	exit 2
fi

listening() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Ready when the server answers HTTP at all on port $1, path $2. A subshell, so
# a refused connection never ends the script.
answers() (
	exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
	printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
	status=""
	IFS= read -r -t 5 status <&3 || true
	[[ "$status" == HTTP/* ]]
)

await() {
	local name=$1 port=$2 path=$3 pid=$4
	printf '  starting the %s on port %s ' "$name" "$port"
	for ((i = 0; i < STARTUP_SECONDS; i++)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo
			echo "The $name stopped while starting; see $LOGS/$name.log" >&2
			tail -n 20 "$LOGS/$name.log" >&2
			return 1
		fi
		if answers "$port" "$path" 2>/dev/null; then
			echo " ready (${i}s)"
			return 0
		fi
		printf '.'
		sleep 1
	done
	echo
	echo "The $name did not start within ${STARTUP_SECONDS}s; see $LOGS/$name.log" >&2
	return 1
}

# Runs Maven quietly into a log, showing one line per build step as it starts, so
# a long build is never silent; on failure, the end of the log.
build() {
	local name=$1 log=$LOGS/build-$1.log
	shift
	echo "Building the $name (tests skipped; the README says how to run them)..."
	if ! ./mvnw -B -ntp -DskipTests "$@" package 2>&1 | tee "$log" \
		| sed -un 's/^\[INFO\] --- \([^ ]*\) (\([^)]*\)).*/  \1 \2/p; s/^\[INFO\] \(BUILD .*\)/  \1/p'; then
		echo "The $name did not build; the end of $log:" >&2
		tail -n 30 "$log" >&2
		exit 1
	fi
}

newest_jar() {
	local jar newest=""
	for jar in "$1"/*.jar; do
		if [[ -f "$jar" && (-z "$newest" || "$jar" -nt "$newest") ]]; then
			newest=$jar
		fi
	done
	echo "$newest"
}

for port in "$DEMO_PORT" "$API_PORT"; do
	if listening "$port"; then
		echo "Port $port is already in use: stop what runs there first, or choose others (DEMO_PORT, API_PORT)." >&2
		exit 1
	fi
done

pids=()
# shellcheck disable=SC2317  # called by the traps
stop_servers() {
	if ((${#pids[@]})); then
		kill "${pids[@]}" 2>/dev/null || true
		wait "${pids[@]}" 2>/dev/null || true
		pids=()
	fi
}
# A deliberate stop (Ctrl-C, SIGTERM) is a success: stop both servers and exit 0.
# shellcheck disable=SC2317  # called by the traps
stopped() {
	trap - INT TERM
	echo
	if ((${#pids[@]})); then
		echo "Stopping..."
		stop_servers
	fi
	echo "Stopped."
	exit 0
}
trap stopped INT TERM
trap stop_servers EXIT

mkdir -p "$LOGS"
if [[ "${1:-}" != "--no-build" ]]; then
	build API
	build demo -f demo/pom.xml
fi
API_JAR=$(newest_jar target)
DEMO_JAR=$(newest_jar demo/target)
if [[ -z "$API_JAR" || -z "$DEMO_JAR" ]]; then
	echo "No jars found: run without --no-build." >&2
	exit 1
fi


echo "Starting (logs in $LOGS/)..."
java -jar "$DEMO_JAR" --server.port="$DEMO_PORT" --demo.issuer="$ISSUER" --demo.bank-web.api-url="$API_URL" \
	>"$LOGS/demo.log" 2>&1 &
pids+=($!)
# The API fetches the demo's keys: start it once the demo serves them.
await demo "$DEMO_PORT" /oauth2/jwks "${pids[0]}"
# DPoP on, as the demo is meant to be seen: a transfer needs a DPoP-bound token and a
# proof with the server's nonce; the token must name the very transfer the customer
# approved on the code page (authorization_details, required). The nonce key is new on every run (one instance here).
DPOP_NONCE_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
java -jar "$API_JAR" --server.port="$API_PORT" \
	--spring.security.oauth2.resourceserver.jwt.issuer-uri="$ISSUER" \
	--spring.security.oauth2.resourceserver.jwt.jwk-set-uri="http://127.0.0.1:$DEMO_PORT/oauth2/jwks" \
	--bank.web.cors.allowed-origins="$ISSUER" \
	--bank.security.dpop.required-for-transfers=true \
	--bank.security.dpop.nonce.enabled=true \
	--bank.security.dpop.nonce.secret="$DPOP_NONCE_SECRET" \
	--bank.security.step-up.one-transfer-per-authentication=true \
	--bank.security.step-up.authorization-details=required \
	>"$LOGS/api.log" 2>&1 &
pids+=($!)
await api "$API_PORT" /balance "${pids[1]}"

cat <<MESSAGE

  Step-up Bank is running.

    Banking page        $ISSUER/app/
    API                 $API_URL
    Authorization       $ISSUER/.well-known/openid-configuration

  Demo customers (published test credentials):
    alice   password alice-demo-password   TOTP secret QY3AYQYI45GKJ7ODBVX423K6XYTK2JBP   account alice-eur
    bob     password bob-demo-password     TOTP secret TTWFACOHICDOI3UKX5Q6BW6UCIV5UOP7   account bob-eur
  Add the secret to an authenticator app (the sign-in page shows it as a QR code).

  Logs: $LOGS/demo.log, $LOGS/api.log. Press Ctrl-C to stop.

MESSAGE

# Until Ctrl-C or SIGTERM (the trap exits 0), or until a server exits by itself (a failure).
while kill -0 "${pids[0]}" 2>/dev/null && kill -0 "${pids[1]}" 2>/dev/null; do
	sleep 1 &
	wait $! || true
done
echo "A server stopped by itself; see $LOGS/demo.log and $LOGS/api.log." >&2
exit 1
