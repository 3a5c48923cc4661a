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
ARG JDK_IMAGE=eclipse-temurin:17-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:17-jre-noble

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

# Split the fat jar into Spring Boot's layers (dependencies, spring-boot-loader,
# snapshot-dependencies, application), launcher included, so the run stage
# starts the exploded application with JarLauncher.
RUN java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

# ---------------------------------------------------------------------------
# Run: a JRE 17 only, as an unprivileged user.
# ---------------------------------------------------------------------------
FROM ${JRE_IMAGE}

# A fixed numeric id, so that Kubernetes' runAsNonRoot can verify it. The
# image's own `ubuntu` user already has 1000.
RUN groupadd --system --gid 10001 bank \
 && useradd --system --uid 10001 --gid bank --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin bank \
 && mkdir -p /app/data \
 && chown bank:bank /app/data
WORKDIR /app

# Least often changed first: a code change rebuilds only the last layer.
# The files stay owned by root, so the application cannot rewrite itself;
# only /app/data (the embedded H2 database of the default profile) is writable.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./

USER 10001:10001
EXPOSE 8080

# Readiness, not just liveness: "healthy" means the API can take traffic
# (database reachable). By design a JWKS outage does not take the API out of
# service while cached keys still work. curl ships with the Temurin images.
# If the management endpoints move to another port, set MANAGEMENT_SERVER_PORT
# and the check follows them.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}/actuator/health/readiness" || exit 1

# Exec form: java is PID 1 and gets SIGTERM directly, so server.shutdown=graceful
# lets in-flight requests (a transfer's database transaction) finish. Give the
# container more than spring.lifecycle.timeout-per-shutdown-phase (30 s) to
# stop (compose: stop_grace_period; Kubernetes: terminationGracePeriodSeconds).
# More JVM flags: JAVA_TOOL_OPTIONS. Application settings: environment
# variables (SPRING_PROFILES_ACTIVE, DATABASE_URL, ...) or arguments after the
# image name (--spring.profiles.active=postgres).
#
# JVM flags (BENCHMARKS.md section 5, measured with bench/perf.sh):
#   -XX:MaxRAMPercentage=75.0      heap sized from the container's memory limit
#   -XX:+ExitOnOutOfMemoryError    a JVM out of memory ends, the orchestrator restarts it
# Nothing else: G1 (the default) and the JIT's defaults held up on 2 cores.
# Measured but not in this image: JDK 25's AOT cache (JEP 483/514/515) from a
# training run under load halved the CPU spent before the first answer (8.2 s
# against 16.8 s on JDK 17) and brought the balance read to its steady cost
# within about 40 s. It needs a Java 25 runtime, the jar extracted as
# application.jar + lib/ (an AOT cache holds no class loaded by JarLauncher from
# a nested jar or a directory), and a training run in the build
# (java -XX:AOTCacheOutput=app.aot ... then java -XX:AOTCache=app.aot -jar
# application.jar). The CI smoke test builds this file on Debian bookworm's
# Java 17 (.ci/container/bases.sh), which has no Java 25: moving the image
# means moving that base too, one change for the integrator to make.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]
