-- What each finished upload is — a 决算 or a 预算 (`disclosure`: `final`/`budget`) — and the
-- package it yielded (`package_json`: the data package, or what a document's tables and text
-- gave, as `compare` reads it), so that a unit with both for a year shows the 预算 ↔ 决算
-- comparison. Results stored before it are computed again by the job queue.
ALTER TABLE uploads ADD COLUMN disclosure TEXT NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN package_json TEXT;
UPDATE uploads SET state = 'queued', attempts = 0 WHERE state = 'done'
