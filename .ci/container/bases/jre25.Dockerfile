# A Java 25 runtime image, for the container smoke test only: it stands in for
# eclipse-temurin:25-jre-noble, the API image's run stage, which users pull and
# this machine cannot (no registry reachable). Debian bookworm packages no
# Java 25, so .ci/container/bases.sh links one with jlink from the host's
# Temurin 25 JDK into jre25/ of this build context: the same modules as
# Temurin's JRE (the JDK less its development tools), with its default CDS
# archive as Temurin's image makes it (java -Xshare:dump). FROM is the minimal
# Debian that bases.sh debootstraps and imports.
#
# As the Temurin 25 image: java on PATH under /opt/java/openjdk, CA
# certificates, groupadd/useradd (passwd, in every Debian), and no curl (the
# Temurin 25 images dropped it; the API's health check must do without, and
# this base checks that it does).
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY jre25/ /opt/java/openjdk/
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH
RUN java -version \
 && ! command -v curl
