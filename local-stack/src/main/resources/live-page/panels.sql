-- The live page's panels: one named query per panel, run by LivePanels against schema gold as the read-only role
-- gold_reader, all in one read-only transaction (one snapshot per refresh). They mirror the Grafana dashboard's
-- panels of the same names, with Grafana's time filter fixed to the last 60 minutes of event time.
-- Format: a line "-- name: <panel>" starts a query; it runs to the next such line. Times are returned as ISO-8601.

-- name: headline
-- One row: the headline numbers of the page and of the terminal's progress line. events_last_minute is the last
-- complete UTC minute Gold has loaded (the one before the newest event's; "freshness" says how old that is), so a
-- Gold that lags shows the rate it has seen rather than 0; rates are over the window and NULL while their
-- denominator is zero.
SELECT EXISTS (SELECT 1 FROM gold.batches) AS loaded,
       (SELECT coalesce(sum(events), 0) FROM gold.country_minute
         WHERE minute = date_trunc('minute', (SELECT newest_event_time FROM gold.freshness)) - interval '1 minute'
       ) AS events_last_minute,
       (SELECT coalesce(sum(sessions), 0) FROM gold.open_sessions) AS active_sessions,
       (SELECT sum(conversions)::numeric / NULLIF(sum(sessions_started), 0) FROM gold.country_minute
         WHERE minute >= now() - interval '60 minutes') AS conversion_rate,
       (SELECT sum(bounces)::numeric / NULLIF(sum(sessions_closed), 0) FROM gold.country_minute
         WHERE minute >= now() - interval '60 minutes') AS bounce_rate,
       (SELECT extract(epoch FROM event_lag) FROM gold.freshness) AS freshness_s

-- name: events_per_minute
SELECT minute, sum(events) AS events
FROM gold.country_minute
WHERE minute >= now() - interval '60 minutes'
GROUP BY minute
ORDER BY minute

-- name: rates_per_minute
-- Conversion over sessions started, bounce over sessions closed, by the sessions' start minute.
SELECT minute,
       sum(conversions)::numeric / NULLIF(sum(sessions_started), 0) AS conversion_rate,
       sum(bounces)::numeric / NULLIF(sum(sessions_closed), 0) AS bounce_rate
FROM gold.country_minute
WHERE minute >= now() - interval '60 minutes'
GROUP BY minute
ORDER BY minute

-- name: funnel
-- Sessions started in the window that reached each stage; no row while no session started.
SELECT sum(landings) AS landings, sum(product_views) AS product_views, sum(carts) AS carts,
       sum(checkouts) AS checkouts, sum(purchases) AS purchases
FROM gold.funnel_minute
WHERE minute >= now() - interval '60 minutes'
HAVING sum(landings) > 0

-- name: top_countries
SELECT country_iso, sum(events) AS events
FROM gold.country_minute
WHERE minute >= now() - interval '60 minutes'
GROUP BY country_iso
ORDER BY events DESC, country_iso
LIMIT 10

-- name: top_pages
SELECT page_path, sum(views) AS views
FROM gold.page_minute
WHERE minute >= now() - interval '60 minutes'
GROUP BY page_path
ORDER BY views DESC, page_path
LIMIT 10

-- name: freshness
-- The age of the newest event at each batch's commit: how far behind the events Gold was, batch by batch.
SELECT loaded_at, extract(epoch FROM loaded_at - newest_event_time) AS lag_s
FROM gold.batches
WHERE loaded_at >= now() - interval '60 minutes' AND newest_event_time IS NOT NULL
ORDER BY loaded_at
