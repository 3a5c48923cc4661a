# shellcheck shell=bash
# Sourced by .ci/container/smoke-test: what is checked through the running
# containers, with curl as the README shows a user, and docker for what only
# the engine can tell (the process, the user, the exit code).
#
# Needs: compose (function), SMOKE_DEMO_PORT, SMOKE_API_PORT, LOGS, a JDK 17
# on the host for demo/tools/DPoPProof.java (the proofs, as demo/README.md
# has curl users make them).
# Tokens and proofs never reach the output: they live in shell variables only.
#
# The proof commands are demo/README.md's, as a user types them: $PROOF is a
# command with its arguments, and an empty $NONCE is no argument at all.
# shellcheck disable=SC2086

FLOW_TMP=""
COOKIES=""

flow_init() {
	AS="http://localhost:$SMOKE_DEMO_PORT"
	API="http://localhost:$SMOKE_API_PORT"
	FLOW_TMP="$LOGS/flow"
	rm -rf "$FLOW_TMP"
	mkdir -p "$FLOW_TMP"
	COOKIES="$FLOW_TMP/cookies"
	# demo/README.md, "The same flow with curl": the proof helper and the
	# terminal's key pair; keygen prints the thumbprint tokens get bound to.
	PROOF="java demo/tools/DPoPProof.java"
	KEY="$FLOW_TMP/bank-cli.key"
	JKT="$($PROOF keygen $KEY)"
	expect "a key pair for this terminal (jkt $JKT)" grep -Eq '^[A-Za-z0-9_-]{43}$' <<<"$JKT"
	NONCE=""
	# Every challenge of the API ends with these (RFC 9449 algs, RFC 9728
	# resource_metadata), the origin as this client calls it.
	DPOP_TAIL="algs=\"ES256 PS256\", resource_metadata=\"$API/.well-known/oauth-protected-resource\""
}

ok() {
	printf '  ok    %s\n' "$*"
}

fail() {
	printf '  FAIL  %s\n' "$*"
	return 1
}

# $1: condition text for the report; the rest: a test command.
expect() {
	local what="$1"
	shift
	if "$@"; then
		ok "$what"
	else
		fail "$what"
	fi
}

# not COMMAND...: succeeds when COMMAND fails (for expect).
not() {
	! "$@"
}

container_of() {
	compose ps -q "$1"
}

# Waits until every named service's container is healthy; fails at once when
# one exits or turns unhealthy, or after 5 minutes.
wait_healthy() {
	local waited_from=$SECONDS service id state pending
	while :; do
		pending=()
		for service in "$@"; do
			id="$(container_of "$service")"
			state="$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}' "$id" 2>/dev/null || echo missing)"
			case "$state" in
				"running healthy") ;;
				"running starting" | "created "*) pending+=("$service") ;;
				*)
					echo "  $service: $state"
					return 1
					;;
			esac
		done
		if [ ${#pending[@]} -eq 0 ]; then
			ok "healthy after $((SECONDS - waited_from)) s: $*"
			return
		fi
		if [ $((SECONDS - waited_from)) -ge 300 ]; then
			echo "  still not healthy after 300 s: ${pending[*]}"
			return 1
		fi
		sleep 2
	done
}

# --- HTTP ----------------------------------------------------------------------

# http NAME CURL-ARGS...: one request; the status in $STATUS, the headers in
# $FLOW_TMP/NAME.headers, the body in $FLOW_TMP/NAME.body.
http() {
	local name="$1"
	shift
	STATUS="$(curl -sS --max-time 60 -o "$FLOW_TMP/$name.body" -D "$FLOW_TMP/$name.headers" -w '%{http_code}' "$@")"
}

# dpop_http NAME METHOD URL TOKEN CURL-ARGS...: one API call as demo/README.md
# makes it: `Authorization: DPoP $TOKEN` and a new proof for METHOD URL with the
# API's latest nonce. The proof sent is kept in $LAST_PROOF (for the replay).
# A `use_dpop_nonce` refusal carries the next nonce (it rotates): taken, and
# the call made once more with a new proof, as the README tells a client to.
dpop_http() {
	local name="$1" method="$2" url="$3" token="$4" attempt
	shift 4
	for attempt in 1 2; do
		LAST_PROOF="$($PROOF proof $KEY $method $url $token $NONCE)"
		http "$name" -H "Authorization: DPoP $token" -H "DPoP: $LAST_PROOF" "$@" "$url"
		if [ -n "$(header "$name" DPoP-Nonce)" ]; then
			NONCE="$(header "$name" DPoP-Nonce)"
		fi
		if [ "$attempt" = 1 ] && [ "$STATUS" = 401 ] && [ -n "$NONCE" ] \
			&& [[ "$(header "$name" WWW-Authenticate)" == 'DPoP error="use_dpop_nonce"'* ]]; then
			echo "  (the API sent a new nonce; $method $url again with it)"
			continue
		fi
		return 0
	done
}

# jwt_claims JWT: the payload of a JWT, as JSON (not verified: the API does that).
jwt_claims() {
	local payload
	payload="$(cut -d. -f2 <<<"$1" | tr '_-' '/+')"
	while [ $((${#payload} % 4)) -ne 0 ]; do
		payload="$payload="
	done
	base64 -d <<<"$payload"
}

# header NAME FIELD: the value of FIELD in the response NAME (case-insensitive).
header() {
	awk -v field="$2" 'tolower($0) ~ "^" tolower(field) ":" { sub(/^[^:]*:[ \t]*/, ""); sub(/\r$/, ""); print; exit }' "$FLOW_TMP/$1.headers"
}

body() {
	cat "$FLOW_TMP/$1.body"
}

# expect_status NAME STATUS WHAT
expect_status() {
	if [ "$STATUS" = "$2" ]; then
		ok "$3: $STATUS"
	else
		fail "$3: expected $2, got $STATUS $(head -c 400 "$FLOW_TMP/$1.body")"
	fi
}

# expect_header NAME FIELD VALUE WHAT: the header equals VALUE exactly.
expect_header() {
	local actual
	actual="$(header "$1" "$2")"
	if [ "$actual" = "$3" ]; then
		ok "$4: $2: $actual"
	else
		fail "$4: $2 expected [$3], got [$actual]"
	fi
}

# expect_json NAME JQ-FILTER VALUE WHAT
expect_json() {
	local actual
	actual="$(jq -r "$2" "$FLOW_TMP/$1.body" 2>/dev/null || echo "(not JSON: $(head -c 200 "$FLOW_TMP/$1.body"))")"
	if [ "$actual" = "$3" ]; then
		ok "$4: $2 = $actual"
	else
		fail "$4: $2 expected [$3], got [$actual]"
	fi
}

# --- The browser part of the device grant ----------------------------------------

# Submits the first form of the page in $FLOW_TMP/page.html (reached at
# $PAGE_URL) as a person would: its hidden fields (the CSRF token among them)
# and checked boxes, with the typed NAME=VALUE arguments filled in; follows
# redirects and leaves the next page in the same place.
submit_form() {
	local form start action method tag name value args=() typed
	form="$(tr '\n' ' ' <"$FLOW_TMP/page.html" | awk 'BEGIN { RS = "</form>" } NR == 1 { i = index($0, "<form"); if (i) print substr($0, i) }')"
	if [ -z "$form" ]; then
		fail "a form on $PAGE_URL ($(head -c 300 "$FLOW_TMP/page.html"))"
	fi
	start="${form%%>*}>"
	action="$(attribute action <<<"$start" | unescape_html)"
	method="$(attribute method <<<"$start" | tr '[:upper:]' '[:lower:]')"
	while IFS= read -r tag; do
		name="$(attribute name <<<"$tag")"
		value="$(attribute value <<<"$tag" | unescape_html)"
		if [ -z "$name" ] || { [[ "$tag" == *'type="checkbox"'* ]] && [[ "$tag" != *checked* ]]; }; then
			continue
		fi
		for typed in "$@"; do
			if [ "${typed%%=*}" = "$name" ]; then
				continue 2
			fi
		done
		args+=(--data-urlencode "$name=$value")
	done < <(grep -o '<input[^>]*>' <<<"$form" || true)
	for typed in "$@"; do
		args+=(--data-urlencode "$typed")
	done
	case "$action" in
		http*) ;;
		/*) action="$AS$action" ;;
		*) action="${PAGE_URL%/*}/$action" ;;
	esac
	if [ "$method" = post ]; then
		browse "$action" "${args[@]}"
	else
		browse "$action" --get "${args[@]}"
	fi
}

# attribute NAME: the value of the attribute NAME in the tag on standard
# input, or nothing.
attribute() {
	sed -n "s/.*[[:space:]]$1=\"\([^\"]*\)\".*/\1/p" | head -n 1
}

# browse URL CURL-ARGS...: a browser's request with the session's cookies,
# following redirects; the page lands in $FLOW_TMP/page.html, its address in
# $PAGE_URL.
browse() {
	local url="$1"
	shift
	PAGE_URL="$(curl -sS --max-time 60 -L -b "$COOKIES" -c "$COOKIES" -H 'Accept: text/html' \
		-o "$FLOW_TMP/page.html" -w '%{url_effective}' "$@" "$url")"
}

unescape_html() {
	sed -e 's/&quot;/"/g' -e "s/&#39;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&#x2F;/\//g' -e 's/&amp;/\&/g'
}

# A TOTP code the demo has not seen yet, in $TOTP_CODE: the current one, or
# after waiting for the next 30-second step if the current one was used (each
# code is accepted once). As the demo README says: `oathtool --totp -b SECRET`.
# Not called in $(...): the step it used must outlive the call.
LAST_TOTP_STEP=""
TOTP_CODE=""
totp_code() {
	local secret="$1" step
	step=$(($(date +%s) / 30))
	while [ -n "$LAST_TOTP_STEP" ] && [ "$step" -le "$LAST_TOTP_STEP" ]; do
		sleep 1
		step=$(($(date +%s) / 30))
	done
	LAST_TOTP_STEP="$step"
	TOTP_CODE="$(oathtool --totp -b "$secret" --now "@$((step * 30))")"
}

# device_grant USER PASSWORD TOTP-SECRET SCOPE [AUTHORIZATION-DETAILS]: the device
# authorization grant of demo/README.md, the token bound to $KEY and, with
# details, to the payment they name (RFC 9396); sets $ACCESS_TOKEN. Step 2, the browser, is played with
# curl: the verification page, sign-in, the TOTP code when the server asks for
# it, consent.
device_grant() {
	local user="$1" password="$2" secret="$3" scope="$4" details="${5:-}" device_code verification asked_code=no
	local payment=()
	if [ -n "$details" ]; then
		payment=(--data-urlencode "authorization_details=$details")
	fi
	rm -f "$COOKIES"
	# 1. Ask for a device code.
	http device_authorization -d client_id=bank-cli -d "scope=$scope" "${payment[@]}" "$AS/oauth2/device_authorization"
	expect_status device_authorization 200 "device authorization ($scope)"
	device_code="$(jq -r .device_code "$FLOW_TMP/device_authorization.body")"
	verification="$(jq -r .verification_uri_complete "$FLOW_TMP/device_authorization.body")"
	# Until the person confirms, the token endpoint makes the device wait.
	http token_pending -d grant_type=urn:ietf:params:oauth:grant-type:device_code \
		-d client_id=bank-cli -d "device_code=$device_code" "$AS/oauth2/token"
	expect_json token_pending .error authorization_pending "token endpoint before the person confirms"

	# 2. The browser: verification_uri_complete, sign in as the user, the
	#    second factor if asked, Allow.
	browse "$verification"
	local pages=0
	while :; do
		pages=$((pages + 1))
		if [ "$pages" -gt 8 ]; then
			fail "device verification did not finish (last page $PAGE_URL)"
		fi
		case "$PAGE_URL" in
			*/activate\?*) submit_form ;;
			*/login) submit_form "username=$user" "password=$password" ;;
			*/login/otp)
				asked_code=yes
				if [ -n "$details" ]; then
					expect "the code page shows the payment: $(grep -o 'Approve a transfer of [^<]*' "$FLOW_TMP/page.html" | head -n 1)" \
						grep -q "Approve a transfer of" "$FLOW_TMP/page.html"
				fi
				totp_code "$secret"
				submit_form "code=$TOTP_CODE"
				;;
			*/oauth2/device_verification* | */activate/consent*) submit_form ;;
			*/activated*) break ;;
			*) fail "device verification: unexpected page $PAGE_URL ($(head -c 300 "$FLOW_TMP/page.html"))" ;;
		esac
	done
	ok "device verified in the browser as $user (second factor asked: $asked_code)"

	# 3. Collect the tokens with a proof for the token endpoint: bound to the key.
	http token -H "DPoP: $($PROOF proof $KEY POST $AS/oauth2/token)" \
		-d grant_type=urn:ietf:params:oauth:grant-type:device_code \
		-d client_id=bank-cli -d "device_code=$device_code" "$AS/oauth2/token"
	expect_status token 200 "token endpoint after the person confirmed, with a DPoP proof"
	expect_json token '.scope | split(" ") | sort | join(" ")' "$(tr ' ' '\n' <<<"$scope" | sort | paste -sd ' ')" "granted scope"
	expect_json token .token_type DPoP "a DPoP-bound token"
	ACCESS_TOKEN="$(jq -r .access_token "$FLOW_TMP/token.body")"
	rm -f "$FLOW_TMP/token.body"
	local jkt
	jkt="$(jwt_claims "$ACCESS_TOKEN" | jq -r '.cnf.jkt // "none"' 2>/dev/null || echo "not a JWT")"
	expect "bound to this terminal's key: cnf.jkt $jkt" [ "$jkt" = "$JKT" ]
	if [ -n "$details" ]; then
		local approved
		approved="$(jwt_claims "$ACCESS_TOKEN" | jq -c '[.authorization_details[] | .instructedAmount.amount, .debtorAccount.id, .creditorAccount.id]' 2>/dev/null || echo none)"
		expect "the token carries the approved payment: $approved" \
			[ "$approved" = "$(jq -c '[.[] | .instructedAmount.amount, .debtorAccount.id, .creditorAccount.id]' <<<"$details")" ]
	fi
	SECOND_FACTOR_ASKED="$asked_code"
}

# --- The checks ------------------------------------------------------------------

BOB_PASSWORD=bob-demo-password
# Bob's published TOTP secret (demo/README.md), as his authenticator app holds it.
BOB_TOTP=TTWFACOHICDOI3UKX5Q6BW6UCIV5UOP7
TRANSFER_5='{"from":"bob-eur","to":"alice-eur","amount":"5.00","currency":"EUR"}'
TRANSFER_7='{"from":"bob-eur","to":"alice-eur","amount":"7.00","currency":"EUR"}'
# What bob approves with his code (RFC 9396): the API (authorization-details=required)
# moves exactly that and nothing else.
payment() {
	printf '[{"type":"payment_initiation","instructedAmount":{"currency":"EUR","amount":"%s"},"debtorAccount":{"id":"bob-eur"},"creditorAccount":{"id":"alice-eur"}}]' "$1"
}
PAY_5="$(payment 5.00)"
PAY_7="$(payment 7.00)"

# challenge ERROR [PARAMETERS ]DESCRIPTION: the exact WWW-Authenticate of a
# refusal under the DPoP scheme (every call here is made with DPoP, or needs it).
challenge() {
	printf 'DPoP error="%s", %serror_description="%s", %s' "$1" "${3:+$2, }" "${3:-$2}" "$DPOP_TAIL"
}

new_key() {
	cat /proc/sys/kernel/random/uuid
}

# minus AMOUNT AMOUNT...: the first less the others, to the cent (balances and
# amounts here are a few thousand euros with two decimals: exact in awk's
# doubles once rounded).
minus() {
	awk 'BEGIN { total = ARGV[1]; for (i = 2; i < ARGC; i++) total -= ARGV[i]; printf "%.2f", total }' "$@"
}

# bob_balance WHAT EXPECTED: GET /balance with the balance token and a proof.
bob_balance() {
	dpop_http balance GET "$API/balance" "$TOKEN"
	expect_status balance 200 "$1: GET /balance"
	expect_json balance '.accounts[] | select(.id == "bob-eur") | .balance' "$2" "$1: bob-eur"
}

# What the images are, seen in the running containers: the Dockerfiles'
# non-root user, java as PID 1 (exec-form entry point: it gets SIGTERM), a
# JRE-only run stage, application files the user cannot change, and the
# image's own health check. The demo: the exploded layered jar with its
# launcher, on Java 17. The API: application.jar + lib/ on Java 25 with the
# AOT cache its build trained, mapped by the JVM (a cache the JVM rejects,
# say for a changed jar, is unmapped again and the API would start slowly
# without a word but a log line).
flow_images() {
	phase "The images, as they run"
	local service id
	for service in demo api; do
		id="$(container_of "$service")"
		expect "$service: runs as uid 10001, not root" [ "$(docker exec "$id" id -u)" = 10001 ]
		expect "$service: no compiler in the run stage (a JRE)" not docker exec "$id" sh -c 'command -v javac'
		expect "$service: health check from the image ($(docker inspect -f '{{index .Config.Healthcheck.Test 1}}' "$id" | cut -c1-60)…)" \
			[ "$(docker inspect -f '{{len .Config.Healthcheck.Test}}' "$id")" -gt 1 ]
	done
	id="$(container_of demo)"
	expect "demo: PID 1 is java, started by JarLauncher" \
		grep -q '^java .*org.springframework.boot.loader.launch.JarLauncher' <(docker exec "$id" cat /proc/1/cmdline | tr '\0' ' ')
	# shellcheck disable=SC2016 # expanded by the container's shell
	expect "demo: the exploded layers (loader, BOOT-INF/lib, BOOT-INF/classes) under /app" \
		docker exec "$id" sh -c 'test -f /app/org/springframework/boot/loader/launch/JarLauncher.class && test -n "$(ls /app/BOOT-INF/lib)" && test -d /app/BOOT-INF/classes'
	expect "demo: the application files are not writable by its user" not docker exec "$id" sh -c 'test -w /app/BOOT-INF/lib'

	id="$(container_of api)"
	expect "api: PID 1 is java -XX:AOTCache=/app/app.aot ... -jar /app/application.jar" \
		grep -q '^java -XX:AOTCache=/app/app.aot .*-jar /app/application.jar $' <(docker exec "$id" cat /proc/1/cmdline | tr '\0' ' ')
	expect "api: a Java 25 runtime ($(docker exec "$id" java -version 2>&1 | head -n 1))" \
		grep -q 'version "25' <(docker exec "$id" java -version 2>&1)
	# shellcheck disable=SC2016 # expanded by the container's shell
	expect "api: application.jar and lib/ under /app, no launcher" \
		docker exec "$id" sh -c 'test -f /app/application.jar && test -n "$(ls /app/lib)" && test ! -e /app/org'
	expect "api: the AOT cache /app/app.aot ($(docker exec "$id" du -m /app/app.aot | cut -f1) MB) is in use: mapped by PID 1" \
		docker exec "$id" grep -q ' /app/app.aot$' /proc/1/maps
	expect "api: the application files and the cache are not writable by its user" \
		not docker exec "$id" sh -c 'test -w /app/lib || test -w /app/application.jar || test -w /app/app.aot'
	expect "api: /app/data is writable by its user" docker exec "$id" test -w /app/data
}

# The README's flow through the containers: demo/README.md, "The same flow
# with curl (device grant, DPoP)", as docker-compose.yml configures the API
# (DPoP required for transfers, nonces on).
flow_walk() {
	phase "The flow, with curl and DPoP proofs (demo :$SMOKE_DEMO_PORT, API :$SMOKE_API_PORT)"
	flow_init

	echo "-- bob signs in with his password for view:balance; the token is bound to the terminal's key"
	device_grant bob "$BOB_PASSWORD" "$BOB_TOTP" 'view:balance'
	expect "a password is enough for view:balance" [ "$SECOND_FACTOR_ASKED" = no ]
	TOKEN="$ACCESS_TOKEN"

	echo "-- the API's nonce: the first proof has none"
	http balance_no_nonce -H "Authorization: DPoP $TOKEN" \
		-H "DPoP: $($PROOF proof $KEY GET $API/balance $TOKEN)" $API/balance
	expect_status balance_no_nonce 401 "GET /balance with a proof without nonce"
	expect_header balance_no_nonce WWW-Authenticate \
		"$(challenge use_dpop_nonce "resource server requires nonce in DPoP proof")" "nonce asked"
	expect "the nonce in DPoP-Nonce" [ -n "$(header balance_no_nonce DPoP-Nonce)" ]
	# The nonce as demo/README.md's step 4 gets it, and step 5's read with it,
	# as typed there (no retry: that nonce must be the one that works). Not
	# compared with the one above: a 5-minute window may turn in between.
	NONCE=$(curl -s -o /dev/null -D - -H "Authorization: DPoP $TOKEN" \
		-H "DPoP: $($PROOF proof $KEY GET $API/balance $TOKEN)" $API/balance \
		| tr -d '\r' | sed -n 's/^dpop-nonce: //Ip')
	expect "demo/README.md's NONCE=\$(curl … | sed …) gets one" [ -n "$NONCE" ]
	http balance -H "Authorization: DPoP $TOKEN" -H "DPoP: $($PROOF proof $KEY GET $API/balance $TOKEN $NONCE)" $API/balance
	expect_status balance 200 "with the balance token and a proof with that nonce: GET /balance"
	# The demo data's opening balance (README: EUR 500.00); every later check
	# is relative to it.
	BOB_START="$(jq -r '.accounts[] | select(.id == "bob-eur") | .balance' "$FLOW_TMP/balance.body")"
	expect "bob-eur holds $BOB_START EUR" grep -Eq '^[0-9]+\.[0-9]{2}$' <<<"$BOB_START"

	echo "-- the balance token cannot move money"
	dpop_http transfer_refused POST "$API/transfer" "$TOKEN" -H 'Content-Type: application/json' \
		-H "Idempotency-Key: $(new_key)" -d "$TRANSFER_5"
	expect_status transfer_refused 403 "POST /transfer without step-up"
	expect_header transfer_refused WWW-Authenticate \
		"$(challenge insufficient_scope 'scope="transfer:funds"' "moving money needs the transfer:funds scope")" \
		"the step-up challenge"
	expect "a problem: $(header transfer_refused Content-Type)" \
		grep -Eq '^application/problem\+json(;|$)' <<<"$(header transfer_refused Content-Type)"

	echo "-- bob steps up: transfer:funds, approving EUR 5.00 to alice-eur with his TOTP code"
	device_grant bob "$BOB_PASSWORD" "$BOB_TOTP" 'view:balance transfer:funds' "$PAY_5"
	expect "the second factor was asked for transfer:funds" [ "$SECOND_FACTOR_ASKED" = yes ]
	MFA_TOKEN="$ACCESS_TOKEN"

	echo "-- the stepped-up token for another amount than bob approved"
	dpop_http altered POST "$API/transfer" "$MFA_TOKEN" -H 'Content-Type: application/json' \
		-H "Idempotency-Key: $(new_key)" -d "$TRANSFER_7"
	expect_status altered 403 "POST /transfer of 7.00 with a token approving 5.00"
	expect_header altered WWW-Authenticate \
		"$(challenge insufficient_authorization_details "the transfer does not match the payment approved with this token")" \
		"the binding challenge"
	bob_balance "after the refused altered transfer, nothing moved" "$BOB_START"

	echo "-- the stepped-up token without its key: sent as a Bearer token"
	http downgrade -H "Authorization: Bearer $MFA_TOKEN" -H 'Content-Type: application/json' \
		-H "Idempotency-Key: $(new_key)" -d "$TRANSFER_5" "$API/transfer"
	expect_status downgrade 401 "POST /transfer with the bound token as Bearer"
	expect_header downgrade WWW-Authenticate \
		"$(challenge invalid_token "this call needs a DPoP-bound access token and a DPoP proof")" "Bearer downgrade"
	bob_balance "after the refused downgrade, nothing moved" "$BOB_START"

	echo "-- the stepped-up token with a proof"
	dpop_http transfer POST "$API/transfer" "$MFA_TOKEN" -H 'Content-Type: application/json' \
		-H "Idempotency-Key: $(new_key)" -d "$TRANSFER_5"
	expect_status transfer 201 "POST /transfer with the stepped-up token and a proof"
	TRANSFER_PROOF="$LAST_PROOF"
	expect_json transfer '.status + " " + .amount + " " + .currency' "completed 5.00 EUR" "the transfer"
	TRANSFER_ID="$(jq -r .id "$FLOW_TMP/transfer.body")"
	expect_header transfer Location "/transfers/$TRANSFER_ID" "where it is"
	bob_balance "after the transfer" "$(minus "$BOB_START" 5.00)"

	echo "-- replays: the same proof, then the same token with a new proof"
	http replay_proof -H "Authorization: DPoP $MFA_TOKEN" -H "DPoP: $TRANSFER_PROOF" \
		-H 'Content-Type: application/json' -H "Idempotency-Key: $(new_key)" -d "$TRANSFER_5" "$API/transfer"
	expect_status replay_proof 401 "replay of the spent proof"
	expect_header replay_proof WWW-Authenticate \
		"$(challenge invalid_dpop_proof "DPoP proof has already been used")" "proof replay"
	dpop_http replay POST "$API/transfer" "$MFA_TOKEN" -H 'Content-Type: application/json' \
		-H "Idempotency-Key: $(new_key)" -d "$TRANSFER_5"
	expect_status replay 401 "replay of the spent token with a new proof"
	expect_header replay WWW-Authenticate "$(challenge invalid_token "token has already been used")" "token replay"
	bob_balance "after the replays" "$(minus "$BOB_START" 5.00)"
}

# The API restarted: spent tokens and balances are in PostgreSQL (its volume),
# not in the API's memory.
flow_restart() {
	phase "docker-compose restart api"
	compose restart api
	wait_healthy api
	dpop_http replay_after_restart POST "$API/transfer" "$MFA_TOKEN" -H 'Content-Type: application/json' \
		-H "Idempotency-Key: $(new_key)" -d "$TRANSFER_5"
	expect_status replay_after_restart 401 "replay of the spent token after the restart"
	expect_header replay_after_restart WWW-Authenticate "$(challenge invalid_token "token has already been used")" \
		"replay after the restart"
	bob_balance "after the restart" "$(minus "$BOB_START" 5.00)"
	dpop_http transfer_after_restart GET "$API/transfers/$TRANSFER_ID" "$TOKEN"
	expect_status transfer_after_restart 200 "GET /transfers/$TRANSFER_ID after the restart"
	expect_json transfer_after_restart .status completed "the transfer after the restart"
	# Where it is kept: PostgreSQL, on the compose volume (as the README's
	# `docker compose exec postgres psql -U bank bank`).
	local stored
	stored="$(compose exec -T postgres psql -U bank -d bank -tA \
		-c "SELECT t.status || ' ' || count(s.jti) FROM transfers t LEFT JOIN spent_tokens s ON s.transfer_id = t.id WHERE t.id = '$TRANSFER_ID' GROUP BY t.status")"
	expect "in PostgreSQL: the transfer and its spent token ($stored)" [ "$stored" = "completed 1" ]
}

# Nothing came from a registry while the test ran.
flow_no_pulls() {
	local pulls
	pulls="$(docker events --since "$1" --until "$(date +%s)" --filter type=image --filter event=pull --format '{{.Actor.ID}}')"
	expect "no image pulled (docker events since the start)" [ -z "$pulls" ]
}

# A transfer in flight while the API container is stopped: its headers are
# in, its body comes 4 s later, after SIGTERM. Spring's graceful shutdown
# should let it finish; if it does not, it must not be decided either.
flow_graceful_shutdown() {
	phase "A transfer in flight during docker-compose stop api"
	device_grant bob "$BOB_PASSWORD" "$BOB_TOTP" 'view:balance transfer:funds' "$PAY_7"
	local inflight_token="$ACCESS_TOKEN" proof key id status exit_code stop_started stop_seconds curl_pid
	key="$(new_key)"
	id="$(container_of api)"
	# A read first: its answer carries the API's current nonce, so the proof
	# below is not refused for a nonce that rotated meanwhile.
	bob_balance "before the transfer in flight" "$(minus "$BOB_START" 5.00)"
	# -T - streams standard input as the body (chunked); no Expect: 100-continue.
	proof="$($PROOF proof $KEY POST $API/transfer $inflight_token $NONCE)"
	{ sleep 4; printf '%s' "$TRANSFER_7"; } | curl -sS --max-time 90 -X POST -T - -H 'Expect:' \
		-H "Authorization: DPoP $inflight_token" -H "DPoP: $proof" \
		-H 'Content-Type: application/json' -H "Idempotency-Key: $key" \
		-o "$FLOW_TMP/inflight.body" -D "$FLOW_TMP/inflight.headers" -w '%{http_code}' "$API/transfer" \
		>"$FLOW_TMP/inflight.status" 2>"$FLOW_TMP/inflight.err" &
	curl_pid=$!
	sleep 2
	stop_started=$SECONDS
	compose stop api
	stop_seconds=$((SECONDS - stop_started))
	wait "$curl_pid" || true
	status="$(cat "$FLOW_TMP/inflight.status")"
	exit_code="$(docker inspect -f '{{.State.ExitCode}}' "$id")"
	echo "  the in-flight request got: $status $(cat "$FLOW_TMP/inflight.err")"
	expect "java ended on SIGTERM after $stop_seconds s (exit $exit_code), within stop_grace_period, not killed" \
		[ "$exit_code" != 137 ]

	compose start api
	wait_healthy api
	if [ "$status" = 201 ]; then
		ok "the transfer in flight completed during the shutdown"
		bob_balance "after the restart" "$(minus "$BOB_START" 5.00 7.00)"
		id="$(jq -r .id "$FLOW_TMP/inflight.body")"
		dpop_http inflight_after GET "$API/transfers/$id" "$TOKEN"
		expect_json inflight_after .status completed "the in-flight transfer, read back"
	else
		ok "the transfer in flight was not answered ($status); then it must not be decided"
		bob_balance "after the restart, nothing moved" "$(minus "$BOB_START" 5.00)"
		# The token is not spent and the key not taken: the retry decides it, once.
		local tries=0
		while :; do
			# A new proof each time (a proof is good once, and the first was spent up front).
			dpop_http inflight_retry POST "$API/transfer" "$inflight_token" -H 'Content-Type: application/json' \
				-H "Idempotency-Key: $key" -d "$TRANSFER_7"
			if [ "$STATUS" != 409 ] || [ "$tries" -ge 20 ]; then
				break
			fi
			tries=$((tries + 1))
			sleep 3
		done
		expect_status inflight_retry 201 "the retry with the same token and key"
		bob_balance "after the retry" "$(minus "$BOB_START" 5.00 7.00)"
	fi
}
