#!/usr/bin/env bash
# Starts the whole Step-up Bank on this machine with Java 17 and nothing else:
# the demo authorization server and banking page on :9000, and the API on its
# embedded defaults (:8080, H2 under ./data). Ctrl-C stops both.
#
#   ./demo/run.sh              build both with ./mvnw, then run
#   ./demo/run.sh --no-build   run the jars built last time
set -euo pipefail
cd "$(dirname "$0")/.."

DEMO_PORT=9000
API_PORT=8080
LOGS=demo/target/run
STARTUP_SECONDS=180

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
	for ((i = 0; i < STARTUP_SECONDS; i++)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "The $name stopped while starting; see $LOGS/$name.log" >&2
			tail -n 20 "$LOGS/$name.log" >&2
			return 1
		fi
		if answers "$port" "$path" 2>/dev/null; then
			return 0
		fi
		sleep 1
	done
	echo "The $name did not start within ${STARTUP_SECONDS}s; see $LOGS/$name.log" >&2
	return 1
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

for port in $DEMO_PORT $API_PORT; do
	if listening "$port"; then
		echo "Port $port is already in use: stop what runs there first." >&2
		exit 1
	fi
done

if [[ "${1:-}" != "--no-build" ]]; then
	echo "Building the API and the demo (./mvnw, tests skipped; run them with the README's test command)..."
	./mvnw -q -DskipTests package
	./mvnw -q -f demo/pom.xml -DskipTests package
fi
API_JAR=$(newest_jar target)
DEMO_JAR=$(newest_jar demo/target)
if [[ -z "$API_JAR" || -z "$DEMO_JAR" ]]; then
	echo "No jars found: run without --no-build." >&2
	exit 1
fi

mkdir -p "$LOGS"
pids=()
# shellcheck disable=SC2317  # called by the trap
stop() {
	trap - INT TERM EXIT
	if ((${#pids[@]})); then
		echo
		echo "Stopping..."
		kill "${pids[@]}" 2>/dev/null || true
		wait "${pids[@]}" 2>/dev/null || true
	fi
}
trap stop INT TERM EXIT

java -jar "$DEMO_JAR" --server.port=$DEMO_PORT >"$LOGS/demo.log" 2>&1 &
pids+=($!)
# The API fetches the demo's keys: start it once the demo serves them.
await demo $DEMO_PORT /oauth2/jwks "${pids[0]}"
# DPoP on, as the demo is meant to be seen: a transfer needs a DPoP-bound token and a
# proof with the server's nonce. The nonce key is new on every run (one instance here).
DPOP_NONCE_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
java -jar "$API_JAR" --server.port=$API_PORT \
	--bank.security.dpop.required-for-transfers=true \
	--bank.security.dpop.nonce.enabled=true \
	--bank.security.dpop.nonce.secret="$DPOP_NONCE_SECRET" >"$LOGS/api.log" 2>&1 &
pids+=($!)
await api $API_PORT /balance "${pids[1]}"

cat <<MESSAGE

  Step-up Bank is running.

    Banking page        http://localhost:$DEMO_PORT/app/
    API                 http://localhost:$API_PORT
    Authorization       http://localhost:$DEMO_PORT/.well-known/openid-configuration

  Demo customers (published test credentials):
    alice   password alice-demo-password   TOTP secret QY3AYQYI45GKJ7ODBVX423K6XYTK2JBP   account alice-eur
    bob     password bob-demo-password     TOTP secret TTWFACOHICDOI3UKX5Q6BW6UCIV5UOP7   account bob-eur
  Add the secret to an authenticator app (the sign-in page shows it as a QR code).

  Logs: $LOGS/demo.log, $LOGS/api.log. Press Ctrl-C to stop.

MESSAGE

# Until Ctrl-C, or until either server exits (the trap then stops the other).
while kill -0 "${pids[0]}" 2>/dev/null && kill -0 "${pids[1]}" 2>/dev/null; do
	sleep 1
done
echo "A server stopped; see $LOGS/demo.log and $LOGS/api.log." >&2
exit 1
