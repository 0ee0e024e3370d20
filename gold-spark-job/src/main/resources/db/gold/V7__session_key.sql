-- session_key changes meaning (docs/gold.md, "What the columns mean"): it was the event_id of the event that opened
-- the session in the job, which is not unique (Silver upserts by event_id and re-emits the row, so an id sent again
-- by another user, or by the same user after its session closed, opened a second session with the same key and the
-- batch failed on the primary key for good). It is now 32 hexadecimal digits: the first 128 bits of SHA-256 over
-- the user, the id and the event time of the opening event (SessionKey). Rows written before keep their keys, as do
-- the sessions still open in the job's state; the type stays text, so nothing is rewritten.
COMMENT ON COLUMN sessions.session_key IS
    'The session''s identity: first 128 bits of SHA-256 over user_id, event_id and event time of the event that '
    'opened it in the job, in hexadecimal (before V7: that event''s event_id).';
