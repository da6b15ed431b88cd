//! Is a request from the shop's own pages? A form or script on another site
//! can make the browser send the shop's cookie, but not forge the Origin it
//! came from. The shop's origin is the configured public address, else the
//! Host the request came to.

use axum::http::{header, HeaderMap};

pub fn same_origin(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    match public_url {
        Some(url) => origin == url.trim_end_matches('/'),
        // No public address: the shop is this server, which speaks plain
        // http (behind a TLS proxy, HAITAO_PUBLIC_URL names the address), so
        // an https page of the same host is another origin.
        None => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            host.is_some() && origin.strip_prefix("http://") == host
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            if let Ok(v) = v.parse() {
                h.insert(*k, v);
            }
        }
        h
    }

    #[test]
    fn only_its_own_origin() {
        let own = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ]);
        assert!(same_origin(&own, None));
        let other = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://evil.example"),
        ]);
        assert!(!same_origin(&other, None));
        assert!(
            !same_origin(&headers(&[("host", "127.0.0.1:8080")]), None),
            "no Origin"
        );
        let other_scheme = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://127.0.0.1:8080"),
        ]);
        assert!(!same_origin(&other_scheme, None), "the scheme counts");
        let null = headers(&[("host", "127.0.0.1:8080"), ("origin", "null")]);
        assert!(!same_origin(&null, None));
        let behind = headers(&[
            ("host", "10.0.0.5:8080"),
            ("origin", "https://shop.example"),
        ]);
        assert!(same_origin(&behind, Some("https://shop.example/")));
        assert!(!same_origin(&own, Some("https://shop.example")));
    }
}
