//! The shop's Fluent messages on the server (the app's own loader, from the
//! same `locales/` files), for what the server writes itself: page heads,
//! SMS texts. And the shopper's language, as the app will pick it.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use fluent_templates::fluent_bundle::FluentValue;
use haitao::locales::Part;
use haitao_core::cookies;
use haitao_core::text::Lang;

/// `GET /locales/{file}`: a language's messages for the storefront, which
/// carries none (haitao::locales). The name holds the content's hash: cached
/// for good, and an old name is gone. Brotli at its highest level, made once
/// per language, where the browser takes it (the response layer's own
/// compression is quicker and larger).
pub async fn messages(
    axum::extract::Path(file): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    // The after-purchase pages' styles, fetched with their messages.
    if haitao::locales::after_css_url().strip_prefix("/locales/") == Some(file.as_str()) {
        return (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            haitao::locales::after_css(),
        )
            .into_response();
    }
    let Some((part, lang)) = haitao::locales::of_file(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let common = [
        (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        (header::VARY, "accept-encoding"),
    ];
    match brotli_of(part, lang).filter(|_| takes_brotli(&headers)) {
        Some(br) => (common, [(header::CONTENT_ENCODING, "br")], br).into_response(),
        None => (common, haitao::locales::text(part, lang)).into_response(),
    }
}

/// Whether the request's Accept-Encoding takes brotli (named, not refused with q=0).
fn takes_brotli(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            parts.next() == Some("br") && parts.all(|p| p.replace(' ', "") != "q=0")
        })
}

/// `lang`'s messages of `part`, compressed once (None, should that fail: sent plain).
fn brotli_of(part: Part, lang: Lang) -> Option<&'static [u8]> {
    static MADE: [std::sync::OnceLock<Option<Vec<u8>>>; 6] = [
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
    ];
    let part_at = match part {
        Part::Shop => 0,
        Part::SellerCentre => 1,
        Part::After => 2,
    };
    let at = usize::from(lang == Lang::EnUs) * 3 + part_at;
    let made = MADE[at].get_or_init(|| {
        let text = haitao::locales::text(part, lang).as_bytes();
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &text[..], &mut out, &params)
            .ok()
            .map(|_| out)
    });
    made.as_deref()
}

/// The message `key` in `lang`.
pub fn t(lang: Lang, key: &str) -> String {
    haitao::ssr::message(lang, key)
}

/// The message `key` in `lang` with its arguments.
pub fn t_args(lang: Lang, key: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
    haitao::ssr::message_args(lang, key, args)
}

/// The language of a request's shopper (`shopper_lang` on its query and headers).
pub fn request_lang(headers: &axum::http::HeaderMap, query: Option<&str>) -> Lang {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    shopper_lang(
        query,
        header(axum::http::header::COOKIE),
        header(axum::http::header::ACCEPT_LANGUAGE),
    )
}

/// The shopper's language as the app will pick it: `?lang=`, then the
/// `haitao.lang` cookie the app writes, then the browser's first language
/// (any zh-* is Chinese, any en-* English), then Chinese.
pub fn shopper_lang(query: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> Lang {
    let parse = |tag: &str| {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("en") {
            Some(Lang::EnUs)
        } else if tag.starts_with("zh") {
            Some(Lang::ZhCn)
        } else {
            None
        }
    };
    let from_query = query.and_then(|q| {
        q.split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == cookies::LANG_PARAM)
            .and_then(|(_, v)| parse(v))
    });
    let from_cookie = cookie
        .and_then(|c| cookies::value(c, cookies::LANG))
        .and_then(parse);
    let from_browser = accept.and_then(|a| a.split(',').next()).and_then(parse);
    from_query
        .or(from_cookie)
        .or(from_browser)
        .unwrap_or(Lang::ZhCn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_from_the_shops_locale_files() {
        assert_eq!(t(Lang::ZhCn, "sort-label"), "排序");
        assert_eq!(t(Lang::EnUs, "sort-label"), "Sort");
        assert_eq!(
            t_args(Lang::ZhCn, "list-count", &[("count", 3900.into())]),
            "共 3900 件商品"
        );
    }

    #[test]
    fn the_language_is_picked_like_the_app_does() {
        assert_eq!(
            shopper_lang(Some("lang=en-US"), Some("haitao.lang=zh-CN"), None),
            Lang::EnUs
        );
        assert_eq!(
            shopper_lang(None, Some("a=1; haitao.lang=en-US"), Some("zh-CN")),
            Lang::EnUs
        );
        assert_eq!(shopper_lang(None, None, Some("en-GB,en;q=0.9")), Lang::EnUs);
        assert_eq!(shopper_lang(None, None, Some("zh-TW,zh;q=0.9")), Lang::ZhCn);
        assert_eq!(shopper_lang(None, None, Some("fr-FR")), Lang::ZhCn);
        assert_eq!(shopper_lang(None, None, None), Lang::ZhCn);
    }
}
