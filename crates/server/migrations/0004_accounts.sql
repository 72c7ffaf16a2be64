-- Accounts an administrator can stop: `disabled` is 0 (active), 1 (停用) or 2 (删除: kept
-- so that the history still names who uploaded, renamed to free the name). Every change
-- to an account is written to `audit_log`: when, who did it (a user's name, or 命令行),
-- what, to whom, and a detail.
ALTER TABLE users ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0;
CREATE TABLE audit_log (
    id @ID@,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL
);
