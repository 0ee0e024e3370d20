-- What the job publishes to Kafka after each batch (docs/gold.md, "Publishing to Kafka"): every row a batch changed.
-- batch_id on the per-minute tables says which micro-batch last changed the row (sessions have it since V1), so a
-- replayed batch finds and publishes exactly the rows its first run changed, with their current values.
ALTER TABLE country_minute ADD COLUMN batch_id bigint NOT NULL DEFAULT -1;
ALTER TABLE page_minute ADD COLUMN batch_id bigint NOT NULL DEFAULT -1;
ALTER TABLE funnel_minute ADD COLUMN batch_id bigint NOT NULL DEFAULT -1;
ALTER TABLE bot_minute ADD COLUMN batch_id bigint NOT NULL DEFAULT -1;
CREATE INDEX sessions_batch ON sessions (batch_id);
CREATE INDEX country_minute_batch ON country_minute (batch_id);
CREATE INDEX page_minute_batch ON page_minute (batch_id);
CREATE INDEX funnel_minute_batch ON funnel_minute (batch_id);
CREATE INDEX bot_minute_batch ON bot_minute (batch_id);

-- The JDBC sink connector's target (connectors/gold-jdbc-sink.json): the same tables, loaded through Kafka Connect.
CREATE SCHEMA IF NOT EXISTS gold_connect;
