-- Rates as a dashboard reads them, per minute (UTC) and country; NULL where the denominator is zero.
CREATE VIEW conversion_rate_minute AS
SELECT minute, country_iso, sessions_started, conversions,
       conversions::numeric / NULLIF(sessions_started, 0) AS conversion_rate
FROM country_minute;

-- Bounce rate over closed sessions only: an open session may still become more than a bounce.
CREATE VIEW bounce_rate_minute AS
SELECT minute, country_iso, sessions_closed, bounces,
       bounces::numeric / NULLIF(sessions_closed, 0) AS bounce_rate
FROM country_minute;

-- Average duration of closed sessions by the minute they started.
CREATE VIEW session_duration_minute AS
SELECT date_trunc('minute', session_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS minute, country_iso,
       count(*) AS sessions, avg(duration_ms) / 1000.0 AS avg_duration_s
FROM sessions
WHERE NOT is_open
GROUP BY 1, 2;

-- Sessions open now, by country: the dashboard's "active sessions".
CREATE VIEW open_sessions AS
SELECT country_iso, count(*) AS sessions
FROM sessions
WHERE is_open
GROUP BY country_iso;

-- Freshness: the newest event time loaded and how long ago the last batch committed.
CREATE VIEW freshness AS
SELECT max(newest_event_time) AS newest_event_time, max(loaded_at) AS last_batch_at,
       now() - max(newest_event_time) AS event_lag
FROM batches;
