//! The job queue. An upload is stored with state `queued` before the request returns; the
//! workers — of any server or `juesuan worker` process on the same database — claim jobs
//! from the database (not from memory) under a lease they renew while the job runs. What
//! was queued when a server stopped is done when one runs again; a job whose worker died
//! is claimed again when its lease runs out (at once on SQLite, where one process owns the
//! database and queues its running jobs again at start), at most [`MAX_ATTEMPTS`] times so
//! that a file that kills the server is not retried forever; only the claim holding a job
//! stores its result, so each file ends with one result. Each job runs on a blocking thread
//! under the configured time limit.

use std::path::PathBuf;
use std::time::Duration;

use juesuan_review::{Item, Kind, Row};
use tokio::sync::Notify;

use crate::AppState;
use crate::db::{FindingRow, PerfResult, Results, Upload};

/// Times a job is started before it is given up.
pub const MAX_ATTEMPTS: i64 = 3;

/// Wakes idle workers when an upload arrives.
#[derive(Default)]
pub struct Queue {
    pub notify: Notify,
}

/// Starts the configured number of workers on the current runtime.
pub fn start_workers(state: &AppState) {
    for _ in 0..state.config.workers {
        let s = state.clone();
        tokio::spawn(async move { worker(s).await });
    }
}

async fn worker(state: AppState) {
    let lease = i64::try_from(state.config.job_lease.as_secs().max(1)).unwrap_or(60);
    loop {
        let claim = match crate::auth::random_hex(12) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("任务队列：{e}");
                tokio::time::sleep(Duration::from_secs(2)).await;
                continue;
            }
        };
        match state.db.claim(&claim, lease).await {
            Ok(Some(up)) => {
                // Renew the lease while the job runs (a third of it at a time).
                let renew = {
                    let (s, c, id) = (state.clone(), claim.clone(), up.id);
                    tokio::spawn(async move {
                        let every =
                            Duration::from_secs(u64::try_from(lease / 3).unwrap_or(1).max(1));
                        loop {
                            tokio::time::sleep(every).await;
                            if let Err(e) = s.db.renew_lease(id, &c, crate::db::now() + lease).await
                            {
                                eprintln!("任务 {id}：{e}");
                            }
                        }
                    })
                };
                process(&state, up, &claim).await;
                renew.abort();
            }
            Ok(None) => {
                tokio::select! {
                    _ = state.jobs.notify.notified() => {}
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                }
            }
            Err(e) => {
                eprintln!("任务队列：{e}");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    }
}

/// A finding as the database keeps it.
fn finding_row(item: &Item) -> FindingRow {
    let f = &item.finding;
    FindingRow {
        code: f.code.to_string(),
        severity: f.severity.id().to_string(),
        message: f.message.clone(),
        place_key: f.location.key(),
        location: serde_json::to_string(&f.location).unwrap_or_default(),
        item: serde_json::to_string(item).unwrap_or_default(),
    }
}

/// What a job computes, off the async threads.
struct Computed {
    row: Row,
    items: Vec<Item>,
    perf: Option<PerfResult>,
    report_html: Option<String>,
    /// The package as `compare` reads it, and its kind (`final`/`budget`).
    package_json: Option<String>,
    disclosure: String,
}

fn compute(
    state: &AppState,
    path: PathBuf,
    kind: Kind,
    file_name: String,
) -> Result<Computed, String> {
    let catalog = &state.config.catalog;
    let reviewed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        juesuan_review::review_as(&path, kind, file_name.clone(), catalog)
    }))
    .map_err(|_| format!("“{file_name}”：内部错误，未能处理（请把这个文件报告给维护者）"))?
    .map_err(|e| {
        e.to_string()
            .replace(&path.display().to_string(), &file_name)
    })?;
    let report_html = reviewed.document_html();
    let perf = reviewed.performance.as_ref().map(|e| PerfResult {
        lines: e.summary.lines(),
        summary: serde_json::to_value(&e.summary).unwrap_or_default(),
    });
    // what the unit page's comparisons read (预算 ↔ 决算, 公开监督, 上年数): a document's
    // package with its kind, the 年初预算 / 上年预算 its text states and the explanation's
    // figures (机关运行经费, 政府采购)
    let package = match &reviewed.checked {
        Some(c) => {
            // `review` moved the package read from the document out of its `Checked`
            let mut c = c.clone();
            c.package = reviewed.package.clone();
            juesuan_check::against::published_package(&c, catalog)
        }
        None => reviewed.package.clone(),
    };
    let disclosure = match package.kind {
        juesuan_model::DisclosureKind::Final => "final",
        juesuan_model::DisclosureKind::Budget => "budget",
    };
    Ok(Computed {
        row: reviewed.row(),
        items: reviewed.items(),
        perf,
        report_html,
        package_json: serde_json::to_string(&package).ok(),
        disclosure: disclosure.to_string(),
    })
}

async fn process(state: &AppState, up: Upload, claim: &str) {
    let fail = |why: String| async move {
        if let Err(e) = state.db.fail(up.id, claim, &why).await {
            eprintln!("任务 {}：{e}", up.id);
        }
    };
    if up.attempts > MAX_ATTEMPTS {
        fail(format!(
            "处理了 {MAX_ATTEMPTS} 次都未完成（服务器在处理中停止），已放弃"
        ))
        .await;
        return;
    }
    let file = match crate::access::stored_file(state, &up.stored, "job").await {
        Ok(f) => f,
        Err(_) => {
            fail("上传的文件找不到了，未能处理".into()).await;
            return;
        }
    };
    let path = file.path.clone();
    let kind = Kind::from(up.kind);
    let s = state.clone();
    let name = up.file_name.clone();
    let min = state.config.min_job_time;
    let task = tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        let out = compute(&s, path, kind, name);
        std::thread::sleep(min.saturating_sub(started.elapsed()));
        out
    });
    let limit = state.config.job_timeout;
    let computed = match tokio::time::timeout(limit, task).await {
        Err(_) => {
            fail(format!(
                "处理超过 {} 秒，已停止；文件可能过大或过于复杂",
                limit.as_secs_f64()
            ))
            .await;
            return;
        }
        Ok(Err(_)) => {
            fail("内部错误，未能处理".into()).await;
            return;
        }
        Ok(Ok(Err(why))) => {
            fail(why).await;
            return;
        }
        Ok(Ok(Ok(c))) => c,
    };
    // Filed under the roster unit the file names (see `roster::decide`): an officer's file
    // of another unit is refused, a reviewer's that matches no unit waits in 待确认.
    let named = computed.row.unit.clone();
    let filed = match crate::roster::file_upload(&state.db, &up, named.as_deref()).await {
        Ok(Ok(f)) => f,
        Ok(Err(why)) => {
            if let Err(e) = state.db.refuse(up.id, claim, &why, named.as_deref()).await {
                eprintln!("任务 {}：{e}", up.id);
            }
            return;
        }
        Err(e) => {
            fail(e.to_string()).await;
            return;
        }
    };
    let c = &computed.row.counts;
    let res = Results {
        row_json: serde_json::to_string(&computed.row).ok(),
        findings: computed.items.iter().map(finding_row).collect(),
        perf_json: computed
            .perf
            .as_ref()
            .and_then(|p| serde_json::to_string(p).ok()),
        report_html: computed.report_html,
        disclosure: computed.disclosure,
        package_json: computed.package_json,
    };
    let counts = (c.errors as i64, c.warnings as i64, c.infos as i64);
    let year = computed.row.year.map(i64::from);
    let mut filed = filed;
    if filed.unit_id.is_some() && year.is_none() {
        filed.note.push_str("；未能识别文件的年度，审核状态未更新");
    }
    let held = match state
        .db
        .finish(up.id, claim, &filed, year, counts, &res)
        .await
    {
        Ok(held) => held,
        Err(e) => {
            eprintln!("任务 {}：{e}", up.id);
            return;
        }
    };
    // The unit's status for the kind and year follows (已提交).
    if let (true, Some(unit), Some(year), Ok(kind)) = (
        held,
        filed.unit_id,
        year,
        crate::status::DisclosureKind::parse(&res.disclosure),
    ) {
        let actor = match state.db.user_role(up.user_id).await {
            Ok(Some((_, name))) => name,
            _ => String::new(),
        };
        if let Err(e) = crate::status::submitted(&state.db, unit, kind, year, &actor, &up).await {
            eprintln!("任务 {}：{e}", up.id);
        }
    }
}
