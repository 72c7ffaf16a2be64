-- Several servers on one database: a running job is leased (`lease_until`, renewed while
-- it runs) by one claim (`claim`, a random token); a job whose lease ran out (its server
-- died) is claimed again, and only the current claim may store the result. With
-- PostgreSQL the uploaded files themselves are kept here (`upload_files`), so that every
-- server reads them.
ALTER TABLE uploads ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE uploads ADD COLUMN claim TEXT NOT NULL DEFAULT '';
CREATE TABLE upload_files (
    stored TEXT PRIMARY KEY,
    bytes @BLOB@ NOT NULL
)
