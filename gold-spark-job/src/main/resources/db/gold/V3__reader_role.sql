-- gold_reader: the dashboard's read-only role. It has no password; local connections are trusted by the
-- project's own PostgreSQL. Elsewhere give it one: ALTER ROLE gold_reader PASSWORD '...';
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gold_reader') THEN
        CREATE ROLE gold_reader LOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA gold TO gold_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA gold TO gold_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA gold GRANT SELECT ON TABLES TO gold_reader;
