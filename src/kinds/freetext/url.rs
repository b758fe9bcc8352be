//! A link as a learner types it into a cell: well-formed, http or https, with a host
//! that looks like a real site (`name.tld`, not `localhost` or an IP address). The
//! domain is kept for the table's rules (distinct domains).

use crate::strings::freetext as msg;

/// Longer links are refused: browsers and servers stop near here, and no source needs more.
pub const MAX_URL_CHARS: usize = 2_048;

/// A link that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The host, lowercased, without a leading `www.`.
    pub domain: String,
    /// The link without scheme, `www.`, fragment and trailing slash: two links with the
    /// same key lead to the same page.
    pub key: String,
    /// Something after the host: a path other than `/`, or a query.
    pub has_path: bool,
}

/// Checks a link; `Err` says in Russian what is wrong with it.
pub fn parse(text: &str) -> Result<Link, String> {
    let text = text.trim();
    let length = text.chars().count();
    if length > MAX_URL_CHARS {
        return Err(msg::url_too_long(length, MAX_URL_CHARS));
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(msg::URL_SPACE.to_owned());
    }
    let starts =
        |scheme: &str| text.as_bytes().get(..scheme.len()).is_some_and(|b| b.eq_ignore_ascii_case(scheme.as_bytes()));
    let rest = if starts("https://") {
        &text[8..]
    } else if starts("http://") {
        &text[7..]
    } else {
        return Err(msg::URL_SCHEME.to_owned());
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if authority.contains('@') {
        return Err(msg::URL_USERINFO.to_owned());
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()) => host,
        Some(_) => return Err(msg::url_bad_host(authority)),
        None => authority,
    };
    let host = host.to_lowercase();
    let host = host.strip_suffix('.').unwrap_or(&host);
    check_host(host).map_err(|()| msg::url_bad_host(host))?;

    let domain = host.strip_prefix("www.").unwrap_or(host).to_owned();
    let without_fragment = tail.split('#').next().unwrap_or("");
    let path = without_fragment.trim_end_matches('/');
    Ok(Link { key: format!("{domain}{path}"), has_path: !path.is_empty(), domain })
}

/// `name.tld` and deeper: labels of letters, digits and inner hyphens, a top-level
/// domain of letters (or punycode); not an IP address, not a single word.
fn check_host(host: &str) -> Result<(), ()> {
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 || host.chars().count() > 253 {
        return Err(());
    }
    for label in &labels {
        let n = label.chars().count();
        if n == 0 || n > 63 || label.starts_with('-') || label.ends_with('-') {
            return Err(());
        }
        if !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return Err(());
        }
    }
    let tld = labels[labels.len() - 1];
    let tld_ok = tld.starts_with("xn--") || (tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    if tld_ok { Ok(()) } else { Err(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_looking_links_pass_and_keep_their_domain() {
        let l = parse(" https://www.Rosstat.gov.ru/statistics/trade?x=1#top ").unwrap();
        assert_eq!(l.domain, "rosstat.gov.ru");
        assert_eq!(l.key, "rosstat.gov.ru/statistics/trade?x=1");
        assert!(l.has_path);
        let home = parse("http://кофе.рф/").unwrap();
        assert_eq!((home.domain.as_str(), home.has_path), ("кофе.рф", false));
        assert_eq!(parse("https://example.com:8080/a").unwrap().domain, "example.com");
        assert_eq!(parse("https://xn--j1ail.xn--p1ai/a").unwrap().domain, "xn--j1ail.xn--p1ai");
        assert_eq!(parse("HTTPS://Example.COM/a/").unwrap().key, parse("http://www.example.com/a").unwrap().key);
    }

    #[test]
    fn malformed_links_are_refused_with_a_reason() {
        for bad in [
            "example.com/a",
            "ftp://example.com",
            "https://",
            "https://localhost/a",
            "https://192.168.0.1/a",
            "https://exa mple.com",
            "https://-bad.com",
            "https://bad..com",
            "https://user@example.com",
            "https://example.com:port",
            "https://example.c0m",
            "https://example.c",
            "javascript:alert(1)",
            "https://exa\u{202e}mple.com",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let huge = format!("https://example.com/{}", "a".repeat(10_000));
        assert!(parse(&huge).unwrap_err().contains("2048"));
    }
}
