//! Netscape `cookies.txt` files (as browser extensions and `curl -c` write them), so that a page
//! behind a login the user already has can be read.
//!
//! Each line is `domain, include-subdomains, path, secure, expires, name, value`, separated by
//! tabs. A request gets only the cookies whose domain, path and secure flag match it and that
//! have not expired.

use std::path::Path;

use url::Url;

use super::{file, SourceError, SourceLimits};

/// The cookies of one file.
#[derive(Debug, Clone, Default)]
pub(crate) struct CookieJar {
    cookies: Vec<Cookie>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Cookie {
    /// Lowercase, without a leading dot.
    domain: String,
    include_subdomains: bool,
    path: String,
    secure: bool,
    /// Seconds since the Unix epoch; 0 for a session cookie.
    expires: i64,
    name: String,
    value: String,
}

impl CookieJar {
    /// Reads the cookies file at `path`.
    pub(crate) fn load(path: &Path, limits: SourceLimits) -> Result<Self, SourceError> {
        let name = path.display().to_string();
        let bytes = file::read_file(path, &name, limits)?;
        Self::parse(&String::from_utf8_lossy(&bytes), &name)
    }

    /// Parses the text of a cookies file named `name` in errors.
    pub(crate) fn parse(text: &str, name: &str) -> Result<Self, SourceError> {
        let mut cookies = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            // curl marks HttpOnly cookies with a prefix that looks like a comment.
            let line = line.strip_prefix("#HttpOnly_").unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cookie = parse_line(line).map_err(|cause| SourceError::CookieFile {
                input: name.to_string(),
                line: index + 1,
                cause,
            })?;
            cookies.push(cookie);
        }
        Ok(CookieJar { cookies })
    }

    /// The `Cookie` header for a request to `url` at `now` (seconds since the epoch), or `None`
    /// when no cookie matches.
    pub(crate) fn header_for(&self, url: &Url, now: i64) -> Option<String> {
        let host = url.host_str()?.to_ascii_lowercase();
        let secure = url.scheme() == "https";
        let pairs: Vec<String> = self
            .cookies
            .iter()
            .filter(|c| c.matches(&host, url.path(), secure, now))
            .map(|c| format!("{}={}", c.name, c.value))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }
}

impl Cookie {
    fn matches(&self, host: &str, path: &str, secure: bool, now: i64) -> bool {
        let domain_ok = host == self.domain
            || (self.include_subdomains
                && host
                    .strip_suffix(&self.domain)
                    .is_some_and(|prefix| prefix.ends_with('.')));
        let expired = self.expires != 0 && self.expires <= now;
        domain_ok && path_matches(&self.path, path) && (secure || !self.secure) && !expired
    }
}

/// RFC 6265 path matching: the same path, or a prefix of it ending at a `/`.
fn path_matches(cookie_path: &str, request_path: &str) -> bool {
    request_path == cookie_path
        || (request_path.starts_with(cookie_path)
            && (cookie_path.ends_with('/') || request_path[cookie_path.len()..].starts_with('/')))
}

fn parse_line(line: &str) -> Result<Cookie, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [domain, subdomains, path, secure, expires, name, value] = fields[..] else {
        return Err(format!("{} tab-separated fields, expected 7", fields.len()));
    };
    let flag = |field: &str, what: &str| match field.to_ascii_uppercase().as_str() {
        "TRUE" => Ok(true),
        "FALSE" => Ok(false),
        _ => Err(format!("{what} must be TRUE or FALSE, not '{field}'")),
    };
    let domain = domain.trim().to_ascii_lowercase();
    let dotted = domain.starts_with('.');
    let domain = domain.trim_start_matches('.').to_string();
    if domain.is_empty() {
        return Err("empty domain".to_string());
    }
    Ok(Cookie {
        include_subdomains: flag(subdomains, "include-subdomains")? || dotted,
        path: if path.is_empty() { "/" } else { path }.to_string(),
        secure: flag(secure, "secure")?,
        expires: expires
            .trim()
            .parse()
            .map_err(|_| format!("expiry '{expires}' is not a number"))?,
        name: name.to_string(),
        value: value.to_string(),
        domain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# Netscape HTTP Cookie File\n\
        \n\
        .example.org\tTRUE\t/\tFALSE\t0\tsession\tabc\n\
        news.example.org\tFALSE\t/members\tTRUE\t4102444800\tlogin\tyes\n\
        #HttpOnly_news.example.org\tFALSE\t/\tFALSE\t0\thttponly\t1\n\
        other.example\tFALSE\t/\tFALSE\t0\tforeign\tno\n\
        news.example.org\tFALSE\t/\tFALSE\t1000\told\tgone\n";

    fn header(url: &str) -> Option<String> {
        let jar = CookieJar::parse(FILE, "cookies.txt").unwrap();
        jar.header_for(&Url::parse(url).unwrap(), 2_000_000_000)
    }

    #[test]
    fn only_cookies_for_the_host_path_and_scheme_are_sent() {
        assert_eq!(
            header("https://news.example.org/members/page").as_deref(),
            Some("session=abc; login=yes; httponly=1")
        );
        // Not secure: the secure cookie stays home. Other path: the /members cookie too.
        assert_eq!(
            header("http://news.example.org/members/page").as_deref(),
            Some("session=abc; httponly=1")
        );
        assert_eq!(
            header("https://news.example.org/membership").as_deref(),
            Some("session=abc; httponly=1")
        );
        assert_eq!(
            header("https://example.org/").as_deref(),
            Some("session=abc")
        );
        assert_eq!(header("https://badexample.org/"), None);
        assert_eq!(header("https://elsewhere.example/"), None);
    }

    #[test]
    fn malformed_line_is_an_error_naming_file_and_line() {
        let err = CookieJar::parse("# c\nexample.org\tTRUE\t/\n", "jar.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "jar.txt:2: not a cookies.txt line (3 tab-separated fields, expected 7)"
        );
    }
}
