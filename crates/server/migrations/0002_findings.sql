-- Findings as typed data, one row each: the rule, its severity, the message, the typed
-- location as JSON (`location`) with the key that names the same place in another version
-- of a file (`place_key`: the place without page, line or cell), and the whole finding as
-- JSON (`item`). Later versions of a unit's file are matched by rule and place.
CREATE TABLE findings (
    upload_id BIGINT NOT NULL REFERENCES uploads (id),
    seq BIGINT NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    place_key TEXT NOT NULL,
    location TEXT NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (upload_id, seq)
);
CREATE INDEX findings_rule_place ON findings (code, place_key);
-- Results stored before findings were typed are computed again by the job queue.
UPDATE uploads SET state = 'queued', attempts = 0, items_json = NULL WHERE state = 'done';
