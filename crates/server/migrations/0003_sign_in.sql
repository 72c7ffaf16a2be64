-- Failed sign-ins, per account (`user:NAME`) and per client address (`addr:IP`), kept in
-- the database so that every server instance sees the same counts: the failures since the
-- last success (or since the count went stale), when the last one was, and until when the
-- key is locked (0: not locked).
CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);
