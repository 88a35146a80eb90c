//! Who may use the server, and how a browser proves it.
//!
//! With a token set (`CLEANCOPY_SERVE_TOKEN`, or `[serve] token` in the config file), every
//! request but `GET /healthz` must carry it, one of three ways:
//! - `Authorization: Bearer TOKEN`: scripts and the API;
//! - a `token` field in the form: the bookmarklet, whose form is posted from the article's own
//!   site, where no cookie of ours would go along (the cookie is `SameSite=Strict`);
//! - the cookie [`COOKIE`], which `GET /?token=TOKEN` sets (`HttpOnly; SameSite=Strict`): the
//!   page. A browser sends a cookie with whatever request a page makes it send, so a form
//!   posted with the cookie alone must also come from the server's own page: its `Origin` (or
//!   failing that its `Referer`) must name the host the request was sent to.
//!
//! Tokens are compared in constant time. Without a token (which only a loopback address
//! allows), no credential is asked for, but a browser's form post is still held to the same
//! origin check, and the `Host` must be a loopback one, so that neither another site's form
//! nor a name made to point at this machine (DNS rebinding) can use the server.

use axum::http::{header, HeaderMap, Method};
use subtle::ConstantTimeEq;

/// The cookie that carries the token for the page.
pub(super) const COOKIE: &str = "cleancopy_token";

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refused {
    /// No valid token (401).
    Unauthorized,
    /// A browser request from another site, or to a name that is not this server's (403).
    CrossSite,
}

impl Refused {
    /// The message of the refusal.
    pub(super) fn message(self) -> &'static str {
        match self {
            Refused::Unauthorized => {
                "a valid access token is needed (Authorization: Bearer TOKEN, or open /?token=TOKEN)"
            }
            Refused::CrossSite => "refused: the request comes from another site",
        }
    }
}

/// The server's access rule: its token, when it has one.
#[derive(Debug, Clone)]
pub(super) struct Access {
    token: Option<String>,
}

impl Access {
    /// The rule for `token` (none: loopback use without credentials).
    pub(super) fn new(token: Option<String>) -> Self {
        Access { token }
    }

    /// Whether a token is asked for.
    pub(super) fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// The token, for the bookmarklet the page shows to those who gave it.
    pub(super) fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Whether `given` is the token (in constant time); false when there is none.
    pub(super) fn is_token(&self, given: &str) -> bool {
        match &self.token {
            Some(token) => bool::from(token.as_bytes().ct_eq(given.as_bytes())),
            None => false,
        }
    }

    /// Decides a request with `headers`, whose form carried `form_token` (if any). A read
    /// (`GET`) needs only the token; a change (`POST`) made with the cookie, or with no token
    /// at all, must also come from the server's own page.
    pub(super) fn check(
        &self,
        method: &Method,
        headers: &HeaderMap,
        form_token: Option<&str>,
    ) -> Result<(), Refused> {
        let changes = method != Method::GET && method != Method::HEAD;
        if self.token.is_none() {
            if !host_is_loopback(headers) || changes && !same_origin(headers) {
                return Err(Refused::CrossSite);
            }
            return Ok(());
        }
        if bearer(headers).is_some_and(|given| self.is_token(given))
            || form_token.is_some_and(|given| self.is_token(given))
        {
            return Ok(());
        }
        if cookie(headers, COOKIE).is_some_and(|given| self.is_token(given)) {
            if changes && !same_origin(headers) {
                return Err(Refused::CrossSite);
            }
            return Ok(());
        }
        Err(Refused::Unauthorized)
    }
}

/// The token of an `Authorization: Bearer TOKEN` header.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The value of the cookie `name`.
pub(super) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
}

/// The `Host` the request was sent to.
fn host(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST)?.to_str().ok()
}

/// Whether the request was sent to this machine by a loopback name or address.
fn host_is_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = host(headers) else {
        return false;
    };
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether a browser's request comes from a page of the host it was sent to: its `Origin`,
/// or without one its `Referer`, names that host. A request with neither (not from a
/// browser's form) passes, as no other site can have made it.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = host(headers) else {
        return false;
    };
    let from = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .map(|value| value.to_str().unwrap_or_default());
    let Some(from) = from else {
        return true;
    };
    let Ok(from) = url::Url::parse(from) else {
        return false;
    };
    // The host as the origin's scheme would write it, so that default ports compare equal.
    url::Url::parse(&format!("{}://{host}/", from.scheme())).is_ok_and(|to| {
        to.host() == from.host() && to.port_or_known_default() == from.port_or_known_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn the_token_is_taken_from_a_bearer_header_a_form_or_the_cookie() {
        let access = Access::new(Some("s3cret".into()));
        let get = Method::GET;
        let post = Method::POST;
        let host = ("host", "127.0.0.1:8461");
        assert_eq!(
            access.check(&get, &headers(&[host]), None),
            Err(Refused::Unauthorized)
        );
        let bearer = headers(&[host, ("authorization", "Bearer s3cret")]);
        assert_eq!(access.check(&post, &bearer, None), Ok(()));
        let wrong = headers(&[host, ("authorization", "Bearer s3cre")]);
        assert_eq!(
            access.check(&post, &wrong, None),
            Err(Refused::Unauthorized)
        );
        let elsewhere = headers(&[host, ("origin", "https://news.example")]);
        assert_eq!(access.check(&post, &elsewhere, Some("s3cret")), Ok(()));
        let cookie = ("cookie", "a=b; cleancopy_token=s3cret");
        assert_eq!(
            access.check(
                &post,
                &headers(&[host, cookie, ("origin", "http://127.0.0.1:8461")]),
                None
            ),
            Ok(())
        );
        assert_eq!(
            access.check(
                &post,
                &headers(&[host, cookie, ("origin", "https://evil.example")]),
                None
            ),
            Err(Refused::CrossSite)
        );
    }

    #[test]
    fn without_a_token_only_loopback_hosts_and_same_origin_posts_pass() {
        let access = Access::new(None);
        let post = Method::POST;
        let local = ("host", "localhost:8461");
        assert_eq!(access.check(&post, &headers(&[local]), None), Ok(()));
        assert_eq!(
            access.check(&post, &headers(&[("host", "rebound.example:8461")]), None),
            Err(Refused::CrossSite)
        );
        assert_eq!(
            access.check(
                &post,
                &headers(&[local, ("origin", "https://evil.example")]),
                None
            ),
            Err(Refused::CrossSite)
        );
        assert_eq!(
            access.check(
                &post,
                &headers(&[("host", "[::1]:80"), ("origin", "http://[::1]:80")]),
                None
            ),
            Ok(()),
            "the default port written or not"
        );
    }
}
