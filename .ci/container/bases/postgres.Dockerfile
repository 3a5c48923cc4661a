# A PostgreSQL base image from Debian's own packages, for the container smoke
# test only: it stands in for postgres:16, which users pull and this machine
# cannot. Debian bookworm ships PostgreSQL 15. docker-entrypoint.sh honours the
# part of the official image's interface that docker-compose.yml uses:
# POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD, data in the volume at
# /var/lib/postgresql/data, TCP only once the database is initialised, PGPORT,
# and arguments passed on to `postgres`.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown postgres:postgres /var/lib/postgresql/data /var/run/postgresql \
 && chmod 700 /var/lib/postgresql/data
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY docker-entrypoint.sh /usr/local/bin/
USER postgres
VOLUME /var/lib/postgresql/data
# As the official image: SIGINT is PostgreSQL's fast shutdown.
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
