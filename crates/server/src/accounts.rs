//! Changes to accounts, the same from the command line (`juesuan user …`) and the
//! administrator's page: stop, restart, remove, new password. Stopping, removing and a new
//! password end the account's sessions at once; every change is written to the audit log
//! with who made it.

use crate::auth;
use crate::db::Db;

/// Who makes changes from the command line, in the audit log.
pub const COMMAND_LINE: &str = "命令行";

/// A change to an account.
#[derive(Debug, Clone)]
pub enum Change {
    /// 停用: cannot sign in; sessions end.
    Disable,
    /// 启用 again.
    Enable,
    /// 删除: sessions and units go; uploads keep naming it.
    Remove,
    /// A new password (checked as for a new account); sessions end.
    Password(String),
}

impl Change {
    /// The action's name in the audit log and messages.
    pub fn action(&self) -> &'static str {
        match self {
            Change::Disable => "停用",
            Change::Enable => "启用",
            Change::Remove => "删除",
            Change::Password(_) => "修改密码",
        }
    }

    /// The change a word names (`disable`, `停用`…), with the password for `password`.
    pub fn parse(word: &str, password: Option<String>) -> Option<Change> {
        match word {
            "disable" | "停用" => Some(Change::Disable),
            "enable" | "启用" => Some(Change::Enable),
            "remove" | "删除" => Some(Change::Remove),
            "password" | "修改密码" => password.map(Change::Password),
            _ => None,
        }
    }
}

/// Makes a change to the account `name` on behalf of `actor`; the Chinese message to show,
/// or why it was refused. An administrator cannot stop or remove their own account.
pub async fn change(db: &Db, actor: &str, name: &str, change: &Change) -> Result<String, String> {
    let name = name.trim();
    if actor == name && matches!(change, Change::Disable | Change::Remove) {
        return Err(format!("不能{}自己的账号", change.action()));
    }
    let found = match change {
        Change::Disable => db.set_disabled(name, true).await,
        Change::Enable => db.set_disabled(name, false).await,
        Change::Remove => db.remove_account(name).await,
        Change::Password(password) => {
            if let Some(why) = auth::password_problem(name, password) {
                return Err(why);
            }
            let password = password.clone();
            let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
                .await
                .map_err(|e| format!("无法计算密码散列：{e}"))??;
            db.set_password(name, &hash).await
        }
    }
    .map_err(|e| e.to_string())?;
    if !found {
        return Err(format!("没有用户“{name}”"));
    }
    let detail = match change {
        Change::Enable => "",
        _ => "该用户的登录会话已全部结束",
    };
    db.log(actor, change.action(), name, detail)
        .await
        .map_err(|e| e.to_string())?;
    Ok(if detail.is_empty() {
        format!("已{}用户“{name}”", change.action())
    } else {
        format!("已{}用户“{name}”，{detail}", change.action())
    })
}
