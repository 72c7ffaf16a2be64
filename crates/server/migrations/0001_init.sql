-- juesuan workbench schema. One text for SQLite and PostgreSQL: `@ID@` becomes the
-- back end's generated primary key (see db.rs); everything else is common SQL.
CREATE TABLE bureaus (
    id @ID@,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE users (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    password TEXT NOT NULL,
    role TEXT NOT NULL,
    bureau_id BIGINT REFERENCES bureaus (id),
    created BIGINT NOT NULL
);
CREATE TABLE units (
    id @ID@,
    bureau_id BIGINT NOT NULL REFERENCES bureaus (id),
    name TEXT NOT NULL,
    UNIQUE (bureau_id, name)
);
CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    PRIMARY KEY (user_id, unit_id)
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf TEXT NOT NULL,
    expires BIGINT NOT NULL
);
CREATE TABLE uploads (
    id @ID@,
    bureau_id BIGINT NOT NULL REFERENCES bureaus (id),
    unit_id BIGINT REFERENCES units (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    file_name TEXT NOT NULL,
    stored TEXT NOT NULL,
    kind TEXT NOT NULL,
    size BIGINT NOT NULL,
    created BIGINT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    error TEXT,
    started BIGINT,
    finished BIGINT,
    year BIGINT,
    errors BIGINT,
    warnings BIGINT,
    infos BIGINT,
    row_json TEXT,
    items_json TEXT,
    perf_json TEXT,
    report_html TEXT
);
CREATE INDEX uploads_state ON uploads (state, id);
CREATE INDEX uploads_unit ON uploads (unit_id, id);
