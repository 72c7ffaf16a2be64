//! Accounts and sessions: argon2id password hashes, random session tokens kept only as
//! BLAKE2 hashes, `HttpOnly; SameSite=Strict` cookies, a CSRF token per session (hidden
//! field in forms, `X-CSRF-Token` header in the API), and the extractors that give a
//! handler its user or turn the request away.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use blake2::{Blake2b512, Digest};

use crate::AppState;
use crate::db::{DbError, User};
use crate::error::{ApiError, AppError, PageError};

/// The session cookie.
pub const COOKIE: &str = "juesuan_session";
/// The cookie that carries the login form's CSRF token (double submit, before a session).
pub const LOGIN_COOKIE: &str = "juesuan_login";
/// Sessions last eight hours (a working day).
pub const SESSION_SECONDS: i64 = 8 * 3600;

/// `n` random bytes as lowercase hex; an error when the system has no randomness (a
/// guessable token is never made).
pub fn random_hex(n: usize) -> Result<String, String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| format!("系统随机数不可用：{e}"))?;
    Ok(hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is stored for a session token.
pub fn token_hash(token: &str) -> String {
    hex(&Blake2b512::digest(token.as_bytes())[..32])
}

/// The argon2id hash of a password, in PHC string form.
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("系统随机数不可用：{e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("无法计算密码散列：{e}"))
}

/// Whether the password matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash to verify against when the user does not exist, so that a wrong name takes as
/// long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("juesuan-dummy-password").unwrap_or_default())
}

/// Compares two strings in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, whole site.
pub fn set_cookie(name: &str, value: &str, max_age: i64) -> String {
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}")
}

/// The signed-in user of a request, with the session's CSRF token.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: User,
    pub csrf: String,
    pub token_hash: String,
}

impl Viewer {
    /// Whether a submitted token is this session's.
    pub fn csrf_ok(&self, submitted: &str) -> bool {
        same(&self.csrf, submitted)
    }
}

/// The signed-in user of a request, or `SignedOut`.
async fn viewer(parts: &Parts, state: &AppState) -> Result<Viewer, AppError> {
    let token = cookie(&parts.headers, COOKIE).ok_or(AppError::SignedOut)?;
    let hash = token_hash(token);
    let (user, csrf) = state.db.session(&hash).await?.ok_or(AppError::SignedOut)?;
    Ok(Viewer {
        user,
        csrf,
        token_hash: hash,
    })
}

/// A page's user; without a session the browser goes to the login page.
pub struct PageUser(pub Viewer);

impl FromRequestParts<AppState> for PageUser {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        viewer(parts, state).await.map(PageUser).map_err(PageError)
    }
}

/// An API caller; without a session, 401. Requests that change something must carry the
/// session's token in `X-CSRF-Token`.
pub struct ApiUser(pub Viewer);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let v = viewer(parts, state).await.map_err(ApiError)?;
        let changes = !matches!(
            parts.method,
            axum::http::Method::GET | axum::http::Method::HEAD
        );
        if changes {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|h| h.to_str().ok())
                .unwrap_or("");
            if !v.csrf_ok(sent) {
                return Err(ApiError(AppError::CsrfHeader));
            }
        }
        Ok(ApiUser(v))
    }
}

/// The client's address: the connection's peer, or behind a trusted reverse proxy
/// (`SignInPolicy::trust_forwarded`) the last address of `X-Forwarded-For`; none when the
/// server was not started with connection info.
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        if !state.config.sign_in.trust_forwarded {
            return Ok(ClientAddr(peer));
        }
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
            .next_back();
        Ok(ClientAddr(forwarded.or(peer)))
    }
}

/// Signs a user in: a new session; returns the `Set-Cookie` value and the CSRF token.
pub async fn sign_in(state: &AppState, user: &User) -> Result<(String, String), DbError> {
    let token = random_hex(32).map_err(DbError::Invalid)?;
    let csrf = random_hex(16).map_err(DbError::Invalid)?;
    state
        .db
        .create_session(
            &token_hash(&token),
            user.id,
            &csrf,
            crate::db::now() + SESSION_SECONDS,
        )
        .await?;
    Ok((set_cookie(COOKIE, &token, SESSION_SECONDS), csrf))
}

/// Signs the viewer out: the session is deleted; returns the `Set-Cookie` value that
/// clears the cookie.
pub async fn sign_out(state: &AppState, viewer: &Viewer) -> Result<String, DbError> {
    state.db.delete_session(&viewer.token_hash).await?;
    Ok(set_cookie(COOKIE, "", 0))
}

/// What a sign-in attempt came to.
#[derive(Debug)]
pub enum Attempt {
    /// The name and password are right.
    Signed(User),
    /// The name or the password is wrong.
    Wrong,
    /// Too many failures: the account or the address is locked until then (seconds since
    /// 1970); the password was not even checked.
    Locked { until: i64 },
}

impl Attempt {
    /// The refusal of a locked attempt, in Chinese, saying when to try again.
    pub fn locked_message(until: i64) -> String {
        let minutes = ((until - crate::db::now()).max(1) + 59) / 60;
        format!("登录失败次数过多，已暂时锁定，请在 {minutes} 分钟后再试")
    }
}

/// A sign-in attempt from a client address under the server's [`SignInPolicy`]: refused
/// while the account or the address is locked; a failure is counted for both and answered
/// after a growing delay; a success resets the account's count.
///
/// [`SignInPolicy`]: crate::SignInPolicy
pub async fn attempt(
    state: &AppState,
    name: &str,
    password: &str,
    address: Option<std::net::IpAddr>,
) -> Result<Attempt, DbError> {
    let policy = &state.config.sign_in;
    let name = name.trim();
    let account = format!("user:{name}");
    let address = address.map(|a| format!("addr:{a}"));
    let at = crate::db::now();
    for key in std::iter::once(&account).chain(address.as_ref()) {
        if let Some(until) = state.db.locked_until(key, at).await? {
            return Ok(Attempt::Locked { until });
        }
    }
    if let Some(user) = authenticate(state, name, password).await? {
        state.db.clear_failures(&account).await?;
        return Ok(Attempt::Signed(user));
    }
    let window = i64::try_from(policy.lock_for.as_secs()).unwrap_or(i64::MAX / 4);
    let failures = state
        .db
        .record_failure(&account, at, window, i64::from(policy.lock_after))
        .await?;
    if let Some(key) = &address {
        state
            .db
            .record_failure(key, at, window, i64::from(policy.address_lock_after))
            .await?;
    }
    // The 4th failure waits `delay`, the 5th twice as long…, at most 4 s.
    if failures > 3 {
        let doubling = u32::try_from(failures - 4).unwrap_or(u32::MAX).min(16);
        let wait = policy
            .delay
            .saturating_mul(1u32 << doubling)
            .min(std::time::Duration::from_secs(4));
        tokio::time::sleep(wait).await;
    }
    Ok(Attempt::Wrong)
}

/// Common passwords refused whatever their length (lower case; a password is compared
/// lower-cased). Short on purpose: length does most of the work.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "a123456789",
    "0123456789",
    "1111111111",
    "0000000000",
    "1qaz2wsx3edc",
    "qwertyuiop",
    "qwertyuiop123",
    "1q2w3e4r5t",
    "password123",
    "password1234",
    "passw0rd123",
    "administrator",
    "admin123456",
    "admin@12345",
    "iloveyou123",
    "abc1234567",
    "abcd123456",
    "woaini1314",
    "5201314520",
    "juesuan123",
    "juesuan2024",
    "juesuan2025",
    "czj123456789",
];

/// Why a password is refused: fewer than 10 characters, a common one, or the user's own
/// name in it; `None` when it is acceptable.
pub fn password_problem(name: &str, password: &str) -> Option<String> {
    if password.chars().count() < 10 {
        return Some("密码至少 10 个字符".into());
    }
    let lower = password.to_lowercase();
    if COMMON_PASSWORDS.contains(&lower.as_str()) {
        return Some("这个密码太常见，容易被猜中，请换一个".into());
    }
    let name = name.trim().to_lowercase();
    if !name.is_empty() && lower.contains(&name) {
        return Some("密码不能包含用户名".into());
    }
    None
}

/// Checks a name and password; `None` when either is wrong.
pub async fn authenticate(
    state: &AppState,
    name: &str,
    password: &str,
) -> Result<Option<User>, DbError> {
    let found = state.db.user_by_name(name.trim()).await?;
    let password = password.to_string();
    let (user, hash) = match found {
        Some((u, h)) => (Some(u), h),
        None => (None, dummy_hash().to_string()),
    };
    // argon2 takes tens of milliseconds: off the async threads.
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    Ok(user.filter(|_| ok))
}
