#!/bin/sh
# Entry point of the smoke test's PostgreSQL image (postgres.Dockerfile): on an
# empty data directory, create the cluster with POSTGRES_USER as superuser
# (password POSTGRES_PASSWORD, required over TCP) and the database POSTGRES_DB,
# through the Unix socket only; then run postgres as PID 1.
set -eu
if [ "${1#-}" != "$1" ]; then
	set -- postgres "$@"
fi
if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
	: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
	user="${POSTGRES_USER:-postgres}"
	database="${POSTGRES_DB:-$user}"
	password_file="$(mktemp)"
	printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
	initdb --username="$user" --pwfile="$password_file" --auth-local=trust --auth-host=scram-sha-256 \
		--encoding=UTF8 --locale=C.UTF-8 >/dev/null
	rm -f "$password_file"
	printf '%s\n' "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
	pg_ctl --silent --wait --options="-c listen_addresses=''" start
	if [ "$database" != postgres ]; then
		# On standard input, where psql interpolates :"db" as a quoted identifier.
		echo 'CREATE DATABASE :"db";' | psql --quiet --username="$user" --dbname=postgres \
			--set=ON_ERROR_STOP=1 --set=db="$database"
	fi
	pg_ctl --silent --wait --mode=fast stop
	echo "docker-entrypoint.sh: database $database initialised for $user"
fi
if [ "$1" = postgres ]; then
	shift
	exec postgres -c listen_addresses='*' "$@"
fi
exec "$@"
