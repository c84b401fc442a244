#!/bin/sh
# Start a private PostgreSQL (throw-away settings: this image is for tests and benchmarks),
# create the catalogue database once, then run mosaicod as PID 1 with the arguments given
# (--api-key, --tls ...) on 0.0.0.0:6726 with a local object store in /data/store.
set -eu
PG=/usr/lib/postgresql/15/bin
DATA=/var/lib/mosaico/pg
if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA" && chown postgres "$DATA" /var/lib/mosaico
    runuser -u postgres -- "$PG/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 \
        --locale=C --no-sync >/dev/null
fi
mkdir -p /var/run/postgresql && chown postgres /var/run/postgresql
runuser -u postgres -- "$PG/pg_ctl" -D "$DATA" -l /var/lib/mosaico/postgres.log -w -t 120 \
    -o "-p 5432 -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
"$PG/psql" -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='mosaico'" \
    | grep -q 1 || "$PG/createdb" -h 127.0.0.1 -U postgres mosaico
exec runuser -u mosaicod -- /usr/local/bin/mosaicod run --host 0.0.0.0 --port 6726 \
    --local-store /data/store "$@"
