-- Reviewers' decisions on findings. A decision belongs to a unit's 决算 or 预算
-- (`disclosure`: `final`/`budget`) of one year (0: not known) and to the finding's identity
-- (`key`: a hash of its rule, its place without page, line or cell, its message and the
-- text it quotes; rule, place and message are kept as they were for reading), not to an upload: a later version in which the
-- same rule says the same thing at the same place carries it over. `verdict` is `confirmed`
-- (确认: to fix), `dismissed` (不是问题, `reason` required) or `explained` (已说明);
-- `upload_id` is the version it was made on, `user_id` the reviewer.
CREATE TABLE decisions (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    disclosure TEXT NOT NULL,
    year BIGINT NOT NULL,
    key TEXT NOT NULL,
    code TEXT NOT NULL,
    place_key TEXT NOT NULL,
    message TEXT NOT NULL,
    verdict TEXT NOT NULL,
    reason TEXT NOT NULL,
    upload_id BIGINT NOT NULL REFERENCES uploads (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    at BIGINT NOT NULL,
    UNIQUE (unit_id, disclosure, year, key)
);
-- Reviewers' general comments (审核意见) on a unit's 决算 or 预算 of one year, made on the
-- page of an upload (`upload_id`).
CREATE TABLE review_comments (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    disclosure TEXT NOT NULL,
    year BIGINT NOT NULL,
    upload_id BIGINT NOT NULL REFERENCES uploads (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    text TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX review_comments_unit ON review_comments (unit_id, disclosure, year)
