-- Gold: sessions and per-minute metrics of the clickstream, loaded by the Gold Spark job (docs/gold.md).
-- Times are timestamptz (UTC); minutes are the UTC minute an event or a session start falls in.
-- Country 'ZZ' stands for "unknown" (no GeoIP match), as ISO 3166 reserves it for user assignment.

-- One row per session (bots excluded), replaced as the session grows; is_open turns false when the watermark has
-- passed session_end + the inactivity gap, and the row never changes again.
CREATE TABLE sessions (
    session_key        text        PRIMARY KEY,   -- event_id of the event that opened the session in the job
    user_id            text        NOT NULL,
    client_session_id  text        NOT NULL,      -- Silver's session_id of the session's earliest event
    session_start      timestamptz NOT NULL,
    session_end        timestamptz NOT NULL,      -- time of the latest event
    duration_ms        bigint      NOT NULL,
    events             integer     NOT NULL,
    page_views         integer     NOT NULL,      -- page_view and product_view events
    entry_page         text        NOT NULL,
    exit_page          text        NOT NULL,
    bounced            boolean     NOT NULL,      -- closed with exactly one event
    converted          boolean     NOT NULL,      -- at least one purchase
    reached_product    boolean     NOT NULL,
    reached_cart       boolean     NOT NULL,
    reached_checkout   boolean     NOT NULL,
    revenue            numeric(18, 2) NOT NULL,
    country_iso        text        NOT NULL,
    city               text,
    device_class       text,
    browser_family     text,
    is_open            boolean     NOT NULL,
    batch_id           bigint      NOT NULL       -- the micro-batch that wrote this version of the row
);
CREATE INDEX sessions_start ON sessions (session_start);
CREATE INDEX sessions_open ON sessions (session_end) WHERE is_open;

-- Per minute and country. events, active_users, purchases and revenue count events by their own minute;
-- sessions_started, sessions_closed, bounces and conversions count sessions by the minute they started.
CREATE TABLE country_minute (
    minute            timestamptz NOT NULL,
    country_iso       text        NOT NULL,
    events            bigint      NOT NULL DEFAULT 0,
    active_users      bigint      NOT NULL DEFAULT 0,
    purchases         bigint      NOT NULL DEFAULT 0,
    revenue           numeric(18, 2) NOT NULL DEFAULT 0,
    sessions_started  bigint      NOT NULL DEFAULT 0,
    sessions_closed   bigint      NOT NULL DEFAULT 0,
    bounces           bigint      NOT NULL DEFAULT 0,
    conversions       bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (minute, country_iso)
);

-- Page views (page_view and product_view events) per page path and minute.
CREATE TABLE page_minute (
    minute     timestamptz NOT NULL,
    page_path  text        NOT NULL,
    views      bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (minute, page_path)
);

-- The funnel by the minute sessions started: sessions that landed, then reached a product view, the cart,
-- the checkout and a purchase (each stage counted once per session).
CREATE TABLE funnel_minute (
    minute         timestamptz PRIMARY KEY,
    landings       bigint NOT NULL DEFAULT 0,
    product_views  bigint NOT NULL DEFAULT 0,
    carts          bigint NOT NULL DEFAULT 0,
    checkouts      bigint NOT NULL DEFAULT 0,
    purchases      bigint NOT NULL DEFAULT 0
);

-- Bot traffic (Silver's is_bot), kept out of every table above.
CREATE TABLE bot_minute (
    minute     timestamptz PRIMARY KEY,
    events     bigint NOT NULL DEFAULT 0,
    bot_users  bigint NOT NULL DEFAULT 0
);

-- The pipeline's own figures, one row per micro-batch that read or wrote anything. The key makes a replayed
-- batch a no-op: the job inserts this row first in the batch's transaction and stops if it already exists.
CREATE TABLE batches (
    query_id           uuid        NOT NULL,      -- the streaming query (one per checkpoint)
    batch_id           bigint      NOT NULL,
    rows_in            bigint      NOT NULL,      -- Silver rows read
    late_rows          bigint      NOT NULL,      -- dropped: event time at or before the watermark
    duplicate_rows     bigint      NOT NULL,      -- dropped: an event_id already counted in its open session
    bot_rows           bigint      NOT NULL,
    sessions_written   bigint      NOT NULL,
    watermark          timestamptz,
    newest_event_time  timestamptz,
    batch_ms           bigint      NOT NULL,      -- sessionization and load, until just before commit
    loaded_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (query_id, batch_id)
);
CREATE INDEX batches_loaded_at ON batches (loaded_at);
