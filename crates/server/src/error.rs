//! Every error answer, in one place: what went wrong ([`AppError`]) shown either as a page
//! with the workbench's chrome (for the browser) or as `{"error": "…"}` (for the API), with
//! the same status and Chinese message. Handlers return [`PageError`] or [`ApiError`] and
//! use `?` on storage errors and access denials.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use juesuan_review::html::esc;
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::Denied;
use crate::db::DbError;

/// Why a request was not answered as asked.
#[derive(Debug)]
pub enum AppError {
    /// Nothing there, or nothing the user may see: 404 either way, so that nothing leaks.
    NotFound,
    /// No live session: the browser is sent to the login page, the API answers 401.
    SignedOut,
    /// A form's CSRF token is missing or wrong (an old page, or a form from elsewhere).
    StaleForm,
    /// An API request that changes something without the session's `X-CSRF-Token`.
    CsrfHeader,
    /// Storage failed: logged, and answered 500 without the details.
    Db(DbError),
    /// Any other refusal: its status and the Chinese message to show.
    Refused(StatusCode, String),
}

/// An error: `{"error": "…"}` in Chinese.
#[derive(Serialize, ToSchema)]
pub struct ErrorOut {
    pub error: String,
}

impl AppError {
    /// A refusal with its status and message.
    pub fn refused(status: StatusCode, message: impl Into<String>) -> AppError {
        AppError::Refused(status, message.into())
    }

    /// The status and message, the same for pages and the API except where a page's
    /// wording differs (a page names itself, the API names a resource).
    fn parts(self, page: bool) -> (StatusCode, String) {
        match self {
            AppError::NotFound if page => {
                (StatusCode::NOT_FOUND, "没有这个页面，或您无权查看".into())
            }
            AppError::NotFound => (StatusCode::NOT_FOUND, "没有找到，或您无权查看".into()),
            AppError::SignedOut => (StatusCode::UNAUTHORIZED, "未登录或登录已过期".into()),
            AppError::StaleForm => (
                StatusCode::FORBIDDEN,
                "表单已过期或来源不对，请刷新页面后重试".into(),
            ),
            AppError::CsrfHeader => (
                StatusCode::FORBIDDEN,
                "缺少或错误的 X-CSRF-Token（登录时返回的 csrf）".into(),
            ),
            AppError::Db(e) => {
                // The details are for the log; users get no view into the database.
                eprintln!("{e}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "数据库出错，请稍后重试".into(),
                )
            }
            AppError::Refused(status, message) => (status, message),
        }
    }

    /// The answer for the browser: an error page, or the login page when signed out.
    pub fn page(self) -> Response {
        if matches!(self, AppError::SignedOut) {
            return Redirect::to("/login").into_response();
        }
        let (status, message) = self.parts(true);
        let title = match status {
            StatusCode::NOT_FOUND => "没有找到",
            StatusCode::FORBIDDEN => "不允许",
            StatusCode::PAYLOAD_TOO_LARGE => "文件太大",
            s if s.is_client_error() => "请求有误",
            _ => "服务器出错",
        };
        let body = format!(
            "<p>{}</p><p><a href=\"/\">返回工作台</a></p>",
            esc(&message)
        );
        (status, crate::layout::page(title, None, &body)).into_response()
    }

    /// The answer for the API: the status with `{"error": "…"}`.
    pub fn json(self) -> Response {
        let (status, error) = self.parts(false);
        (status, Json(ErrorOut { error })).into_response()
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        AppError::Db(e)
    }
}

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotFound | Denied::NotVisible => AppError::NotFound,
            Denied::Db(e) => AppError::Db(e),
        }
    }
}

/// An error answered as a page (the handlers of [`crate::pages`]).
#[derive(Debug)]
pub struct PageError(pub AppError);

/// An error answered as JSON (the handlers of [`crate::api`]).
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.page()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.json()
    }
}

/// `?` turns whatever becomes an [`AppError`] into either wrapper.
macro_rules! wrap {
    ($wrapper:ident) => {
        impl From<AppError> for $wrapper {
            fn from(e: AppError) -> Self {
                $wrapper(e)
            }
        }
        impl From<DbError> for $wrapper {
            fn from(e: DbError) -> Self {
                $wrapper(e.into())
            }
        }
        impl From<Denied> for $wrapper {
            fn from(d: Denied) -> Self {
                $wrapper(d.into())
            }
        }
    };
}

wrap!(PageError);
wrap!(ApiError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_missing_are_answered_alike() {
        assert_eq!(
            AppError::from(Denied::NotVisible).parts(false),
            AppError::from(Denied::NotFound).parts(false)
        );
        assert_eq!(
            AppError::from(Denied::NotVisible).parts(true),
            AppError::from(Denied::NotFound).parts(true)
        );
    }

    #[test]
    fn signed_out_pages_go_to_the_login_page() {
        let r = AppError::SignedOut.page();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            AppError::SignedOut.json().status(),
            StatusCode::UNAUTHORIZED
        );
    }
}
