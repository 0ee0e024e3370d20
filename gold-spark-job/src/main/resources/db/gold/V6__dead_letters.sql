-- Dead letters: the records the pipeline rejected (Silver's bad input, with Connect's reason), read by the Gold job
-- from the dead-letter lake table (connectors/dead-letter-hudi-sink.json). One row per rejected record: keyed by the
-- record it came from (Connect's error context headers), so the dead-letter reporter's copies of one record after a
-- worker crash, and a replayed batch, add nothing. A letter without context headers is its own origin.
CREATE TABLE dead_letters (
    origin_topic      text        NOT NULL,
    origin_partition  integer     NOT NULL,
    origin_offset     bigint      NOT NULL,
    record_time       timestamptz NOT NULL,   -- the rejected record's Kafka timestamp (kept by the dead-letter topic)
    connector         text,                   -- the connector that rejected it
    stage             text,                   -- Connect's stage: VALUE_CONVERTER, TRANSFORMATION, TASK_PUT, ...
    exception_class   text,
    reason            text,                   -- the exception message
    dlq_topic         text        NOT NULL,   -- where the letter itself is
    dlq_partition     integer     NOT NULL,
    dlq_offset        bigint      NOT NULL,
    loaded_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (origin_topic, origin_partition, origin_offset)
);
CREATE INDEX dead_letters_time ON dead_letters (record_time);

-- Dead letters per minute (UTC, of the rejected record's timestamp) and exception class.
CREATE VIEW dead_letter_minute AS
SELECT date_trunc('minute', record_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS minute,
       coalesce(exception_class, 'unknown') AS exception_class, count(*) AS dead_letters
FROM dead_letters
GROUP BY 1, 2;

-- The dead-letter rate per minute: dead letters / (accepted events + dead letters), where accepted events are the
-- events Gold counted (country_minute, bots in bot_minute); NULL where both are zero.
CREATE VIEW dead_letter_rate_minute AS
WITH accepted AS (
    SELECT minute, sum(events) AS events
    FROM (SELECT minute, events FROM country_minute UNION ALL SELECT minute, events FROM bot_minute) e
    GROUP BY minute
), rejected AS (
    SELECT minute, sum(dead_letters) AS dead_letters FROM dead_letter_minute GROUP BY minute
)
SELECT coalesce(a.minute, r.minute) AS minute,
       coalesce(a.events, 0) AS accepted_events,
       coalesce(r.dead_letters, 0) AS dead_letters,
       coalesce(r.dead_letters, 0)::numeric / NULLIF(coalesce(a.events, 0) + coalesce(r.dead_letters, 0), 0)
           AS dead_letter_rate
FROM accepted a FULL JOIN rejected r ON a.minute = r.minute;

-- V3's default privileges cover the new table and views; explicit grants keep the role right wherever V3 ran first
-- under another owner.
GRANT SELECT ON dead_letters, dead_letter_minute, dead_letter_rate_minute TO gold_reader;
