# A Java 17 base image from Debian's own packages, for the container smoke
# test only: it stands in for eclipse-temurin:17-{jdk,jre}-noble, which users
# pull and this machine cannot (no registry reachable). FROM is the minimal
# Debian that .ci/container/bases.sh debootstraps and imports.
#
# The project's Dockerfiles expect of their base what the Temurin images give:
# `java` on PATH, curl (health checks), groupadd/useradd (passwd, in every
# Debian), CA certificates (the wrapper downloads Maven over HTTPS).
#
# local-ca/ holds the machine's own CA certificates (its
# /usr/local/share/ca-certificates, copied by bases.sh; often none): where
# outbound HTTPS passes a proxy that the machine trusts, the build inside the
# image must trust it too, in the system store and in Java's.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
ARG JAVA_PACKAGE
COPY local-ca/ /usr/local/share/ca-certificates/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      "${JAVA_PACKAGE}" ca-certificates ca-certificates-java curl unzip \
 && update-ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && java -version
