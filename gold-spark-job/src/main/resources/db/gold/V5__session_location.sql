-- Where a session came from: the GeoIP coordinates (WGS 84 degrees) of its first event, as Silver's latitude and
-- longitude; NULL when GeoIP placed the address nowhere more precise than "unknown". The dashboard's map reads them.
ALTER TABLE sessions
    ADD COLUMN latitude  double precision,
    ADD COLUMN longitude double precision;
