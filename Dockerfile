# Step-up Bank API image.
#
#   docker build -t stepup-bank-api .
#   docker run -p 8080:8080 stepup-bank-api          # embedded default: H2 under /app/data
#
# docker-compose.yml runs it on the `postgres` profile next to PostgreSQL and
# the demo authorization server. .ci/container/smoke-test (run by .ci/run)
# builds it, runs it through docker-compose.yml and walks the README's flow.

# The base images, public ones by default. Only .ci/container/smoke-test
# substitutes them (with images it builds from Debian's packages, where no
# registry is reachable); every other line runs as written.
# The build is Java 17 (the code stays 17-compatible); the run stage is a Java
# 25 runtime, for its AOT cache (see "JVM flags" below).
ARG JDK_IMAGE=eclipse-temurin:17-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25-jre-noble

# ---------------------------------------------------------------------------
# Build: the Maven wrapper on a JDK 17, exactly as a developer builds.
# ---------------------------------------------------------------------------
FROM ${JDK_IMAGE} AS build
WORKDIR /workspace

# The wrapper and the POM first, so that the dependency download below is a
# layer of its own, reused until pom.xml or the wrapper changes.
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
# go-offline fetches what it can see from the POM. Plugins resolved lazily
# (surefire providers and the like) still come in the package step below.
RUN ./mvnw -B -q dependency:go-offline

# Then everything else the context holds (.dockerignore keeps out build output,
# local data and editor files). That includes .git when the context has it:
# git-commit-id-maven-plugin puts the commit into /actuator/info, and without
# a .git (a source tarball, a remote build context) the build still works, only
# without git data. .git reaches this build stage only, never the image.
COPY . .
# A .git *file* (a git worktree or submodule) names a repository outside the
# context, which the git plugin cannot read: it goes, and the build carries on
# without git data as from a tarball.
# Tests run in CI (.ci/run, .github/workflows/ci.yml), not in the image build.
# The cp fails loudly if the build ever produces more than one jar.
RUN if [ -f .git ]; then rm .git; fi \
 && ./mvnw -B -DskipTests package \
 && cp target/*.jar application.jar

# The fat jar extracted as application.jar + lib/ (its manifest's Class-Path
# names lib/*.jar), the form an AOT cache can hold: the JVM caches classes
# from plain jars on the class path, never from a jar nested in another or
# from a directory (JarLauncher's way). Split by Spring Boot's layers, so that
# each layer directory holds its part of lib/ (application/ holds
# application.jar). No launcher: spring-boot-loader stays empty and is not
# copied.
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted \
      --application-filename application.jar

# ---------------------------------------------------------------------------
# Run: a Java 25 JRE only, as an unprivileged user, with an AOT cache.
# ---------------------------------------------------------------------------
FROM ${JRE_IMAGE}

# A fixed numeric id, so that Kubernetes' runAsNonRoot can verify it. The
# image's own `ubuntu` user already has 1000.
RUN groupadd --system --gid 10001 bank \
 && useradd --system --uid 10001 --gid bank --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin bank \
 && mkdir -p /app/data \
 && chown bank:bank /app/data
WORKDIR /app

# Least often changed first: a code change rebuilds only application.jar and
# the AOT cache after it. The files stay owned by root, so the application
# cannot rewrite itself (nor its cache); only /app/data (the embedded H2
# database of the default profile) is writable.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./

# The AOT cache (JEP 483/514/515), from a training run under load: the
# training driver (src/aot/java, dev.stepup.training.TrainingRun; JDK and
# Nimbus only, compiled with the tests) starts the application as the entry
# point below starts it, on a port of its own and pointed at a JWKS the driver
# serves on 127.0.0.1 with a key it makes for the run; sends 40 s of balance
# reads, then 3,000 requests to POST /transfer between the demo customers
# (fresh MFA tokens and Idempotency-Keys, every tenth one of the refusals
# front-ends meet: no token, no step-up, a malformed body, a replay); checks
# every answer; and stops the application with SIGTERM, when its JVM writes
# what it loaded, linked and profiled to app.aot (about 100 MB). So the cache
# holds the request path's classes and method profiles (JEP 515), not only the
# start's, and the JIT compiles the hot path early. Any unexpected answer
# fails the build, with the application's log. Nothing leaves the build: H2 in
# memory instead of /app/data, loopback only; the driver's classes and the
# key go with the run. The heap is pinned (-Xmx1g) rather than sized from the
# build machine's memory: a cache made with compressed oops works at every
# run-time heap below 32 GB. The cache stays owned by root, readable by all,
# writable by none. A JRE_IMAGE older than Java 25 stops the build here (no
# -XX:AOTCacheOutput).
COPY --from=build /workspace/target/test-classes/dev/stepup/training/ /tmp/aot-training/classes/dev/stepup/training/
RUN mkdir -p /tmp/aot-training/tmp \
 && if ! java -Xmx256m -cp '/tmp/aot-training/classes:/app/lib/*' dev.stepup.training.TrainingRun \
      --reads-seconds 40 --transfers 3000 -- \
      java -Xmx1g -XX:+ExitOnOutOfMemoryError -XX:AOTCacheOutput=/app/app.aot -Xlog:aot*=error \
      -Djava.io.tmpdir=/tmp/aot-training/tmp -jar /app/application.jar \
      --spring.datasource.url=jdbc:h2:mem:training; then \
      echo "The AOT cache's training run failed (above). The run stage needs Java 25 or later (JRE_IMAGE)." >&2; \
      exit 1; \
    fi \
 && rm -rf /tmp/aot-training /tmp/hsperfdata_root \
 && chmod 0444 /app/app.aot

USER 10001:10001
EXPOSE 8080

# Readiness, not just liveness: "healthy" means the API can take traffic
# (database reachable). By design a JWKS outage does not take the API out of
# service while cached keys still work. No curl: the eclipse-temurin:25 images
# no longer ship it (the 17 ones did), so bash asks over /dev/tcp and wants a
# 200 status line. If the management endpoints move to another port, set
# MANAGEMENT_SERVER_PORT and the check follows them.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
  CMD bash -c 'exec 3<>"/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}" && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && read -r status <&3 && [[ $status == "HTTP/1."?" 200 "* ]]' || exit 1

# Exec form: java is PID 1 and gets SIGTERM directly, so server.shutdown=graceful
# lets in-flight requests (a transfer's database transaction) finish. Give the
# container more than spring.lifecycle.timeout-per-shutdown-phase (30 s) to
# stop (compose: stop_grace_period; Kubernetes: terminationGracePeriodSeconds).
# More JVM flags: JAVA_TOOL_OPTIONS. Application settings: environment
# variables (SPRING_PROFILES_ACTIVE, DATABASE_URL, ...) or arguments after the
# image name (--spring.profiles.active=postgres).
#
# JVM flags: a Java 25 runtime for a Java 17 build, for one reason, its AOT
# cache (BENCHMARKS.md section 5; bench/startup.sh measures the start):
#   -XX:AOTCache=/app/app.aot      classes loaded and linked from the cache made
#                                  above (JEP 483), method profiles from the
#                                  training run (JEP 515) for an earlier JIT
#   -XX:MaxRAMPercentage=75.0      heap sized from the container's memory limit
#   -XX:+ExitOnOutOfMemoryError    a JVM out of memory ends, the orchestrator restarts it
# Nothing else: G1 (the default) and the JIT's defaults held up on 2 cores.
# Measured (bench/startup.sh image, medians of 3 runs, 2 cores, load average
# about 3), with the cache then trained on the start only: from `docker run`
# to the first 200 of /actuator/health/readiness 5.6 s with 9.4 s of the JVM's
# CPU, against 11.0 s and 18.6 s for the same image on a JDK 17 runtime
# (JarLauncher); the first authenticated GET /balance 0.2 s later in both.
# Without Docker (bench/startup.sh direct), JDK 25 with no cache was no faster
# than JDK 17 (11.9 s and 20.7 s of CPU against 10.9 s and 19.1 s; with the
# cache 6.7 s and 11.5 s): the cache is the gain. Trained under load as above,
# on a faster guest (bench/startup.sh direct): 4.9 s and 7.9 s of CPU, against
# 9.4 s and 15.1 s on JDK 17; and steady under load within the first minute
# (BENCHMARKS.md section 5).
#
# A cache the JVM cannot use never stops it: -XX:AOTCache alone means
# -XX:AOTMode=auto, which behaves as -Xshare:auto, printing why ("Unable to use
# AOT cache", "shared class paths mismatch", ...) and starting without it, at
# about the JDK 17 pace (-XX:AOTMode=on would refuse to start instead). It
# needs the JVM build that trained it (the cache is made here, on JRE_IMAGE
# itself: a rebuild on a newer JRE_IMAGE trains a new one; a java swapped in
# later does not match), the same jars with the same modification times (a
# build that rewrites file timestamps voids it), and compressed oops: a heap
# of 32 GB or more (75% of a limit above about 42 GB, or of an unlimited host
# that big) or ZGC leave it unused. A different heap size or collector (G1,
# Parallel, Serial, Shenandoah) is fine. To switch it off, set
# JAVA_TOOL_OPTIONS=-XX:AOTMode=off; -Xshare:off is refused together with
# -XX:AOTCache and the JVM would not start. JDK 25.0.3 prints two warnings at
# every start ("Saved blob's name ... Failed to link AdapterHandlerEntry"):
# one method adapter is not taken from the cache (JDK-8364929), the rest is.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/application.jar"]
