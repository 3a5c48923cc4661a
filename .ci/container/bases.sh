# shellcheck shell=bash
# Sourced by .ci/container/smoke-test: the base images, built without any
# registry. A minimal Debian bookworm is debootstrapped from the Debian mirror
# this machine's apt uses and imported; JDK 17, JRE 17 and PostgreSQL images
# are derived from it with Debian's packages (bases/*.Dockerfile, built with
# the host's network). Debian has no Java 25: the JRE 25 of the API's run
# stage is linked (jlink) from the host's Temurin 25 JDK, which CI machines of
# this kind carry (STEPUP_JDK25_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64),
# and copied onto the same Debian. Each tag carries a hash of its recipe and
# of the apt sources (and for the JRE 25 of the JDK's release file and the
# modules), so an image is reused while they are unchanged and rebuilt when it
# is missing or its recipe changed. STEPUP_REBUILD_BASES=1 rebuilds them all
# (for newer Debian packages).
#
# Sets SMOKE_JDK_IMAGE, SMOKE_JRE_IMAGE (17: the demo), SMOKE_JRE25_IMAGE (the
# API), SMOKE_POSTGRES_IMAGE.

BASES_DIR=.ci/container/bases
SUITE=bookworm
JDK25_HOME="${STEPUP_JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# The JDK's modules a JRE leaves out: its development tools (compiler, javadoc,
# jshell, jlink, jpackage, jar, jdeps, jcmd, jconsole, jdb and the debugger
# interface, jstatd, the serviceability agent) and their internals. Everything
# else goes in: the java.se modules and the jdk.* runtime modules (jdk.crypto.ec,
# jdk.unsupported, jdk.management, jdk.jfr, jdk.zipfs, jdk.naming.dns,
# jdk.httpserver, jdk.localedata, the JDWP agent, ...). That is what the JDK's
# own JRE image holds, and Temurin's JRE with it: the smoke test runs the API
# on the runtime users get, not on one trimmed to what the tests happen to use.
JRE25_LEFT_OUT="jdk.attach jdk.compiler jdk.editpad jdk.hotspot.agent jdk.internal.ed jdk.internal.jvmstat
jdk.internal.le jdk.internal.md jdk.internal.opt jdk.jartool jdk.javadoc jdk.jcmd jdk.jconsole jdk.jdeps
jdk.jdi jdk.jlink jdk.jpackage jdk.jshell jdk.jstatd jdk.unsupported.desktop"

# The Debian archives apt reads here (main suite, updates, security), as
# one-line sources.
bases_apt_sources() {
	# shellcheck disable=SC2016 # apt's own $(FIELD) placeholders
	apt-get indextargets --format '$(TARGET_OF) $(REPO_URI) $(RELEASE) $(COMPONENT)' \
		| awk -v suite="$SUITE" '$1 == "deb" && $3 ~ "^" suite "(-updates|-security)?$" && $4 == "main" { print "deb " $2 " " $3 " main" }' \
		| sort -u
}

# The mirror of the main suite, for debootstrap.
bases_mirror() {
	bases_apt_sources | awk -v suite="$SUITE" '$3 == suite { print $2; exit }'
}

bases_hash() {
	cat "$@" | sha256sum | cut -c1-12
}

# $1: image; true when the daemon has it.
bases_have() {
	docker image inspect "$1" >/dev/null 2>&1
}

# $1: repository; $2: the tag to keep. Older recipes' images of the same
# version go (tags up to the first "-": jre:17-* and jre:25-* are both kept).
bases_prune() {
	local repository="$1" keep="$2" tag
	for tag in $(docker image ls "$repository" --format '{{.Tag}}'); do
		if [ "$tag" != "$keep" ] && [ "${tag%%-*}" = "${keep%%-*}" ]; then
			docker image rm "$repository:$tag" >/dev/null || true
		fi
	done
}

# $1: a directory for logs.
bases_ensure() {
	local logs="$1" sources mirror rootfs_hash debian
	sources="$(bases_apt_sources)"
	mirror="$(bases_mirror)"
	if [ -z "$mirror" ]; then
		echo "No Debian $SUITE archive among apt's sources (apt-get indextargets); cannot debootstrap"
		return 1
	fi
	rootfs_hash="$(printf '%s\n%s\n' "$SUITE minbase" "$sources" | sha256sum | cut -c1-12)"
	debian="stepup-bank-smoke/debian:$SUITE-$rootfs_hash"
	if [ "${STEPUP_REBUILD_BASES:-0}" = 1 ] || ! bases_have "$debian"; then
		bases_debootstrap "$debian" "$mirror" "$sources" "$logs"
		bases_prune stepup-bank-smoke/debian "${debian#*:}"
	else
		echo "  cached  $debian"
	fi

	# The build context: the recipes, and the CA certificates this machine
	# trusts beyond Debian's (java.Dockerfile says why).
	BASES_CONTEXT="$logs/bases-context"
	rm -rf "$BASES_CONTEXT"
	mkdir -p "$BASES_CONTEXT"
	cp "$BASES_DIR"/* "$BASES_CONTEXT/"
	mkdir "$BASES_CONTEXT/local-ca"
	if [ -d /usr/local/share/ca-certificates ]; then
		find /usr/local/share/ca-certificates -name '*.crt' -type f -exec cp {} "$BASES_CONTEXT/local-ca/" \;
	fi
	local java_hash postgres_hash
	java_hash="$(bases_hash "$BASES_CONTEXT/java.Dockerfile" <(echo "$debian") <(find "$BASES_CONTEXT/local-ca" -type f | sort | xargs -r cat))"
	postgres_hash="$(bases_hash "$BASES_CONTEXT/postgres.Dockerfile" "$BASES_CONTEXT/docker-entrypoint.sh" <(echo "$debian"))"
	SMOKE_JDK_IMAGE="stepup-bank-smoke/jdk:17-$java_hash"
	SMOKE_JRE_IMAGE="stepup-bank-smoke/jre:17-$java_hash"
	SMOKE_POSTGRES_IMAGE="stepup-bank-smoke/postgres:15-$postgres_hash"
	export SMOKE_JDK_IMAGE SMOKE_JRE_IMAGE SMOKE_POSTGRES_IMAGE

	bases_build "$SMOKE_JDK_IMAGE" java.Dockerfile "$debian" "$logs" --build-arg JAVA_PACKAGE=openjdk-17-jdk-headless
	bases_build "$SMOKE_JRE_IMAGE" java.Dockerfile "$debian" "$logs" --build-arg JAVA_PACKAGE=openjdk-17-jre-headless
	bases_jre25 "$debian" "$logs"
	bases_build "$SMOKE_POSTGRES_IMAGE" postgres.Dockerfile "$debian" "$logs"
}

# $1: the Debian image; $2: log directory. The JRE 25 from the host's Temurin
# 25 JDK; jlink runs only when the image has to be built.
bases_jre25() {
	local debian="$1" logs="$2" modules options hash
	if [ ! -x "$JDK25_HOME/bin/jlink" ] || [ ! -f "$JDK25_HOME/release" ] \
		|| ! grep -q '^JAVA_VERSION="25' "$JDK25_HOME/release"; then
		echo "No Temurin 25 JDK at $JDK25_HOME (STEPUP_JDK25_HOME): the API's run stage is Java 25,"
		echo "and without a registry its smoke-test base is linked from that JDK (bases.sh). Install one there."
		return 1
	fi
	modules="$("$JDK25_HOME/bin/java" --list-modules | sed 's/@.*//' \
		| grep -vxF -f <(tr -s ' ' '\n' <<<"$JRE25_LEFT_OUT") | paste -sd, -)"
	options="--no-man-pages --no-header-files --generate-cds-archive"
	hash="$(bases_hash "$BASES_CONTEXT/jre25.Dockerfile" <(echo "$debian") "$JDK25_HOME/release" \
		<(printf '%s\n' "$modules" "$options"))"
	SMOKE_JRE25_IMAGE="stepup-bank-smoke/jre:25-$hash"
	export SMOKE_JRE25_IMAGE
	if [ "${STEPUP_REBUILD_BASES:-0}" != 1 ] && bases_have "$SMOKE_JRE25_IMAGE"; then
		echo "  cached  $SMOKE_JRE25_IMAGE"
		return
	fi
	echo "  jlink   $(sed -n 's/^IMPLEMENTOR_VERSION="\(.*\)"/\1/p' "$JDK25_HOME/release") from $JDK25_HOME into the bases' context"
	rm -rf "$BASES_CONTEXT/jre25"
	# shellcheck disable=SC2086 # options: a list of jlink options
	if ! "$JDK25_HOME/bin/jlink" --add-modules "$modules" $options --output "$BASES_CONTEXT/jre25" >"$logs/jlink-jre25.log" 2>&1; then
		tail -n 20 "$logs/jlink-jre25.log"
		return 1
	fi
	bases_build "$SMOKE_JRE25_IMAGE" jre25.Dockerfile "$debian" "$logs"
	rm -rf "$BASES_CONTEXT/jre25"
}

# $1: image; $2: mirror; $3: apt sources for the image; $4: log directory.
bases_debootstrap() {
	local image="$1" mirror="$2" sources="$3" logs="$4" rootfs started=$SECONDS
	# A fixed place, so that an interrupted run's tree goes with the next run.
	rootfs="$logs/rootfs"
	rm -rf "$rootfs"
	echo "  build   $image: debootstrap --variant=minbase $SUITE from $mirror"
	if ! debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$logs/debootstrap.log" 2>&1; then
		tail -n 40 "$logs/debootstrap.log"
		rm -rf "$rootfs"
		return 1
	fi
	printf '%s\n' "$sources" >"$rootfs/etc/apt/sources.list"
	# As Docker's own Debian images: no documentation, no caches in layers.
	rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
	tar --numeric-owner -C "$rootfs" -c . | docker import \
		--change 'CMD ["bash"]' \
		--change 'ENV LANG=C.UTF-8' \
		--message "debootstrap --variant=minbase $SUITE $mirror" \
		- "$image" >/dev/null
	rm -rf "$rootfs"
	echo "          done in $((SECONDS - started)) s"
}

# $1: image; $2: Dockerfile in bases/; $3: the Debian image; $4: log
# directory; further arguments go to docker build.
bases_build() {
	local image="$1" dockerfile="$2" debian="$3" logs="$4" started=$SECONDS log
	shift 4
	if [ "${STEPUP_REBUILD_BASES:-0}" != 1 ] && bases_have "$image"; then
		echo "  cached  $image"
		return
	fi
	log="$logs/base-${image#stepup-bank-smoke/}.log"
	log="${log//:/-}"
	echo "  build   $image ($dockerfile, Debian packages, host network)"
	if ! docker build --network host --pull=false -f "$BASES_CONTEXT/$dockerfile" \
		--build-arg DEBIAN_IMAGE="$debian" "$@" -t "$image" "$BASES_CONTEXT" >"$log" 2>&1; then
		tail -n 40 "$log"
		return 1
	fi
	bases_prune "${image%:*}" "${image#*:}"
	echo "          done in $((SECONDS - started)) s"
}
