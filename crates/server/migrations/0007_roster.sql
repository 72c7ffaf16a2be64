-- The roster: each bureau's list of units with their code (单位代码), parent (上级单位),
-- type (`level`: 一级/二级/基层, empty when not given) and whether they must publish
-- (`must_publish`: 1 应公开, 0 not). Units made before it keep empty fields and 应公开.
ALTER TABLE units ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN parent_id BIGINT;
ALTER TABLE units ADD COLUMN level TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN must_publish BIGINT NOT NULL DEFAULT 1;
-- How an upload was matched to a unit: the unit name recognised in the file (`named_unit`,
-- NULL when none was) and what the match was, in Chinese, for the result page
-- (`match_note`). A finished upload without a unit waits in the 待确认 list.
ALTER TABLE uploads ADD COLUMN named_unit TEXT;
ALTER TABLE uploads ADD COLUMN match_note TEXT NOT NULL DEFAULT '';
-- Every change of a unit's status for one kind (`final`/`budget`) and year: the status it
-- reached (submitted, returned, passed, published), who, when, the comment, and the upload
-- or web address of the published document. The latest row is the current status; none
-- is 未提交.
CREATE TABLE unit_status (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    status TEXT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    comment TEXT NOT NULL,
    upload_id BIGINT,
    url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX unit_status_unit ON unit_status (unit_id, kind, year, id);
-- A bureau's deadline (截止日期, `YYYY-MM-DD`) for the units' 预算 or 决算 of a year.
CREATE TABLE deadlines (
    bureau_id BIGINT NOT NULL REFERENCES bureaus (id),
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    deadline TEXT NOT NULL,
    PRIMARY KEY (bureau_id, kind, year)
)
