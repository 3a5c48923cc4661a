# shellcheck shell=bash
# Sourced by .ci/container/smoke-test: a Docker daemon to talk to.
#
# One that already answers (DOCKER_HOST, or the default socket) is used as it
# is, and left running. Otherwise this starts its own dockerd, as root, with
# everything that could clash with another daemon moved aside: its own socket,
# pidfile, exec root and containerd namespace, and the data root (images,
# build cache, volumes) in the cache directory, so base images and layers
# survive between runs. No bridge, no iptables rules: containers use the host's
# network only. daemon_stop (called from the EXIT trap) stops it again.

DAEMON_STARTED_PID=""

# $1: the cache directory (data root in $1/docker); $2: a directory for its log.
daemon_ensure() {
	local cache="$1" logs="$2"
	if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
		echo "Docker daemon: using the one that answers ($(docker version --format 'engine {{.Server.Version}}'))"
		return
	fi
	local run=/run/stepup-bank-docker
	mkdir -p "$cache/docker" "$run"
	export DOCKER_HOST="unix://$run/docker.sock"
	# Ours, left by a run that could not stop it (the lock in smoke-test says no
	# other run uses it now): taken over if it answers, and stopped at the end.
	if [ -f "$run/dockerd.pid" ] && kill -0 "$(cat "$run/dockerd.pid")" 2>/dev/null; then
		if docker version >/dev/null 2>&1; then
			DAEMON_STARTED_PID="$(cat "$run/dockerd.pid")"
			echo "Docker daemon: taking over dockerd $DAEMON_STARTED_PID, left running by an earlier run"
			return
		fi
		echo "Docker daemon: dockerd $(cat "$run/dockerd.pid") of an earlier run does not answer; stopping it"
		daemon_kill "$(cat "$run/dockerd.pid")"
	fi
	dockerd \
		--host "$DOCKER_HOST" \
		--pidfile "$run/dockerd.pid" \
		--exec-root "$run/exec" \
		--data-root "$cache/docker" \
		--containerd-namespace stepup-bank \
		--containerd-plugins-namespace stepup-bank-plugins \
		--bridge=none --iptables=false --ip6tables=false --ip-masq=false \
		>"$logs/dockerd.log" 2>&1 &
	DAEMON_STARTED_PID=$!
	local waited=0
	until docker version >/dev/null 2>&1; do
		if ! kill -0 "$DAEMON_STARTED_PID" 2>/dev/null; then
			DAEMON_STARTED_PID=""
			echo "dockerd exited while starting; its log ($logs/dockerd.log):"
			tail -n 40 "$logs/dockerd.log"
			return 1
		fi
		if [ "$waited" -ge 60 ]; then
			echo "dockerd did not answer within 60 s; its log ($logs/dockerd.log):"
			tail -n 40 "$logs/dockerd.log"
			return 1
		fi
		sleep 1
		waited=$((waited + 1))
	done
	echo "Docker daemon: started dockerd $DAEMON_STARTED_PID ($(docker version --format 'engine {{.Server.Version}}'), data root $cache/docker, no bridge)"
}

daemon_stop() {
	if [ -n "$DAEMON_STARTED_PID" ]; then
		echo "Docker daemon: stopping dockerd $DAEMON_STARTED_PID"
		daemon_kill "$DAEMON_STARTED_PID"
		DAEMON_STARTED_PID=""
	fi
}

# SIGTERM, then SIGKILL after 30 s. dockerd stops its containerd itself.
daemon_kill() {
	local pid="$1" waited=0
	kill -TERM "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$waited" -ge 30 ]; then
			kill -KILL "$pid" 2>/dev/null || true
			break
		fi
		sleep 1
		waited=$((waited + 1))
	done
	wait "$pid" 2>/dev/null || true
}
