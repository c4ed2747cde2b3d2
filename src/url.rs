//! Base URL validation and request URL building.
//!
//! Every id, component type and ticket is percent-encoded as one path
//! segment, so a value such as `a/b?c#d` can never reach another route.

use crate::error::{shorten, Error};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The API root, such as `https://api.appmixer.com` or `https://host/api`,
/// kept without a trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    root: String,
    origin: String,
}

impl BaseUrl {
    /// Validates `input` as an absolute `http:` or `https:` URL with no
    /// credentials, query or fragment.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` naming what is wrong with the URL.
    pub fn parse(input: &str) -> Result<BaseUrl, Error> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Error::invalid_argument(
                "baseUrl is missing: pass the Appmixer API URL, such as \"https://api.appmixer.com\"",
            ));
        }
        let (scheme, rest) = trimmed.split_once("://").ok_or_else(|| {
            Error::invalid_argument(format!(
                "baseUrl \"{}\" is not an absolute URL: it must start with https:// or http://",
                shorten(trimmed, 80)
            ))
        })?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(Error::invalid_argument(format!(
                "baseUrl must use https or http, not \"{}\"",
                shorten(&scheme, 80)
            )));
        }
        if rest.contains(['?', '#']) {
            return Err(Error::invalid_argument(
                "baseUrl must not contain a query or a fragment",
            ));
        }
        if rest.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\') {
            return Err(Error::invalid_argument(
                "baseUrl must not contain whitespace, control characters or backslashes",
            ));
        }
        let (authority, path) = match rest.find('/') {
            Some(slash) => rest.split_at(slash),
            None => (rest, ""),
        };
        if authority.is_empty() {
            return Err(Error::invalid_argument("baseUrl has no host"));
        }
        if authority.contains('@') {
            return Err(Error::invalid_argument(
                "baseUrl must not contain credentials: pass the token as accessToken",
            ));
        }
        let origin = origin_of(&scheme, authority)?;
        let path = path.trim_end_matches('/');
        Ok(BaseUrl {
            root: format!("{origin}{path}"),
            origin,
        })
    }

    /// Returns the origin (`scheme://host[:port]`, lower-case, default port dropped),
    /// as a browser reports it in `MessageEvent.origin`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Returns the root URL without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.root
    }

    /// Builds the URL of `path` below the root, with `query` pairs appended
    /// in order and percent-encoded.
    pub fn join(&self, path: &ApiPath, query: &[(&str, &str)]) -> String {
        let mut url = String::with_capacity(self.root.len() + path.0.len() + 16);
        url.push_str(&self.root);
        url.push_str(&path.0);
        for (index, (name, value)) in query.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.extend(utf8_percent_encode(name, COMPONENT));
            url.push('=');
            url.extend(utf8_percent_encode(value, COMPONENT));
        }
        url
    }
}

fn origin_of(scheme: &str, authority: &str) -> Result<String, Error> {
    let authority = authority.to_ascii_lowercase();
    let (host, port) = if authority.starts_with('[') {
        let end = authority
            .find(']')
            .ok_or_else(|| Error::invalid_argument("baseUrl has an unclosed IPv6 address"))?;
        let (host, rest) = authority.split_at(end + 1);
        (host.to_owned(), rest.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host.to_owned(), Some(port)),
            None => (authority.clone(), None),
        }
    };
    if host.is_empty() || host == "[]" {
        return Err(Error::invalid_argument("baseUrl has no host"));
    }
    let default_port = if scheme == "https" { "443" } else { "80" };
    match port {
        None | Some("") => Ok(format!("{scheme}://{host}")),
        Some(port) if port.parse::<u16>().is_err() => Err(Error::invalid_argument(format!(
            "baseUrl has an invalid port \"{}\"",
            shorten(port, 80)
        ))),
        Some(port) if port.trim_start_matches('0') == default_port => {
            Ok(format!("{scheme}://{host}"))
        }
        Some(port) => Ok(format!(
            "{scheme}://{host}:{}",
            port.parse::<u16>().unwrap_or_default()
        )),
    }
}

/// An encoded path below the API root, starting with `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiPath(String);

impl ApiPath {
    /// Starts a path at the API root.
    pub fn root() -> ApiPath {
        ApiPath(String::new())
    }

    /// Appends a fixed segment such as `accounts`. Fixed segments come from
    /// this crate and are not encoded.
    pub fn lit(mut self, segment: &'static str) -> ApiPath {
        self.0.push('/');
        self.0.push_str(segment);
        self
    }

    /// Appends a caller-supplied value as one percent-encoded segment.
    ///
    /// The value must have passed [`check_segment`] first: `.` and `..`
    /// would be collapsed by URL normalization even when encoded.
    pub fn param(mut self, value: &str) -> ApiPath {
        self.0.push('/');
        self.0.extend(utf8_percent_encode(value, COMPONENT));
        self
    }

    /// Returns the encoded path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks that `value` can be sent as one path segment named `name`.
///
/// # Errors
/// `INVALID_ARGUMENT` when the value is empty or blank, or is `.` or `..`
/// (WHATWG URL parsing treats those, and their `%2e` forms, as dot segments).
pub fn check_segment(name: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid_argument(format!(
            "{name} must be a non-empty string"
        )));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid_argument(format!(
            "{name} \"{value}\" is not a valid id"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_drops_trailing_slash() -> Result<(), Error> {
        assert_eq!(BaseUrl::parse("https://api.appmixer.com/")?.as_str(), "https://api.appmixer.com");
        assert_eq!(BaseUrl::parse("https://host/api/")?.as_str(), "https://host/api");
        assert_eq!(BaseUrl::parse("https://host/api")?.as_str(), "https://host/api");
        Ok(())
    }

    #[test]
    fn base_url_origin_is_normalized() -> Result<(), Error> {
        assert_eq!(BaseUrl::parse("HTTPS://Host.Example:443/api")?.origin(), "https://host.example");
        assert_eq!(BaseUrl::parse("http://127.0.0.1:8080/")?.origin(), "http://127.0.0.1:8080");
        assert_eq!(BaseUrl::parse("http://[::1]:2200")?.origin(), "http://[::1]:2200");
        assert_eq!(BaseUrl::parse("http://localhost:80")?.origin(), "http://localhost");
        Ok(())
    }

    #[test]
    fn base_url_rejects_bad_input() {
        for input in [
            "",
            "   ",
            "api.appmixer.com",
            "ftp://host",
            "https://",
            "https://user:pw@host",
            "https://host/?a=1",
            "https://host/#x",
            "https://host:99999",
            "https://ho st",
            "javascript:alert(1)",
        ] {
            let error = BaseUrl::parse(input).err();
            assert_eq!(
                error.map(|error| error.code),
                Some(crate::error::ErrorCode::InvalidArgument),
                "{input:?}"
            );
        }
    }

    #[test]
    fn join_encodes_each_segment_once() -> Result<(), Error> {
        let path = ApiPath::root()
            .lit("auth")
            .param("appmixer.slack.list.SendChannelMessage")
            .lit("auth-url")
            .param("58593f07c3ee4f239dc69ff7:1d2a90df-b192-4a47-aaff-5a80bab66de5");
        assert_eq!(
            BaseUrl::parse("https://host/api/")?.join(&path, &[]),
            "https://host/api/auth/appmixer.slack.list.SendChannelMessage/auth-url/58593f07c3ee4f239dc69ff7%3A1d2a90df-b192-4a47-aaff-5a80bab66de5"
        );
        Ok(())
    }

    #[test]
    fn join_keeps_traversal_in_one_segment() {
        let path = ApiPath::root().lit("accounts").param("../x");
        assert_eq!(path.as_str(), "/accounts/..%2Fx");
        let path = ApiPath::root().lit("accounts").param("a/b?c#d");
        assert_eq!(path.as_str(), "/accounts/a%2Fb%3Fc%23d");
        let path = ApiPath::root().lit("accounts").param("100% ünïcode");
        assert_eq!(path.as_str(), "/accounts/100%25%20%C3%BCn%C3%AFcode");
    }

    #[test]
    fn join_appends_repeated_query_pairs() -> Result<(), Error> {
        let path = ApiPath::root().lit("accounts");
        assert_eq!(
            BaseUrl::parse("http://h")?.join(
                &path,
                &[("filter", "service:appmixer:slack"), ("filter", "service:!appmixer:aws")]
            ),
            "http://h/accounts?filter=service%3Aappmixer%3Aslack&filter=service%3A%21appmixer%3Aaws"
        );
        Ok(())
    }

    #[test]
    fn check_segment_rejects_dot_segments_and_blanks() {
        assert!(check_segment("accountId", "").is_err());
        assert!(check_segment("accountId", "  ").is_err());
        assert!(check_segment("accountId", ".").is_err());
        assert!(check_segment("accountId", "..").is_err());
        assert!(check_segment("accountId", "...").is_ok());
        assert!(check_segment("accountId", "../x").is_ok());
    }
}
