#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory (docker-compose.yml mounts this
# directory at /docker-entrypoint-initdb.d): creates the dashboard's read-only role with the password from
# GOLD_READER_PASSWORD. Gold's migration V3 keeps an existing gold_reader and grants it SELECT on schema gold.
set -eu
: "${GOLD_READER_PASSWORD:?GOLD_READER_PASSWORD must be set (copy .env.example to .env)}"
psql -v ON_ERROR_STOP=1 -v reader_password="$GOLD_READER_PASSWORD" \
    --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" <<'SQL'
CREATE ROLE gold_reader LOGIN PASSWORD :'reader_password';
SQL
