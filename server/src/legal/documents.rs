//! The legal documents, read from documents/<lang>/<name>.md as the server is
//! built: a front matter (`version`, `title`) and Markdown, drawn to HTML once
//! at start with the shop's own figures filled in (`{id_retention_days}`,
//! `{contact}`), so a document never states a setting the shop does not keep.

use haitao_core::legal::{Document, DocumentName};
use haitao_core::text::Lang;

use crate::infra::config::Settings;

macro_rules! sources {
    ($($lang:literal => [$($name:literal),*]),*) => {
        &[$($(($lang, $name, include_str!(concat!("../../../documents/", $lang, "/", $name, ".md"))),)*)*]
    };
}

/// Every (language, document, file) the shop has.
const SOURCES: &[(&str, &str, &str)] = sources!(
    "zh-CN" => ["terms", "privacy", "notice", "consent-id", "consent-abroad"],
    "en-US" => ["terms", "privacy", "notice", "consent-id", "consent-abroad"]
);

/// The documents in every language, ready to serve.
#[derive(Debug)]
pub struct Documents {
    all: Vec<(Lang, Document)>,
}

impl Documents {
    pub fn new(settings: &Settings) -> Result<Self, String> {
        let mut all = Vec::new();
        for (tag, slug, source) in SOURCES {
            let lang =
                Lang::from_tag(tag).ok_or_else(|| format!("documents: no language {tag}"))?;
            let name = DocumentName::parse(slug)
                .ok_or_else(|| format!("documents: no document {slug}"))?;
            let doc = parse(name, source, settings)
                .map_err(|e| format!("documents/{tag}/{slug}.md: {e}"))?;
            all.push((lang, doc));
        }
        for name in DocumentName::ALL {
            let versions: Vec<&str> = all
                .iter()
                .filter(|(_, d)| d.name == name)
                .map(|(_, d)| d.version.as_str())
                .collect();
            if versions.len() != Lang::ALL.len() || versions.windows(2).any(|w| w[0] != w[1]) {
                return Err(format!(
                    "documents/*/{}.md: one version in every language, found {versions:?}",
                    name.slug()
                ));
            }
        }
        Ok(Self { all })
    }

    pub fn get(&self, name: DocumentName, lang: Lang) -> Option<&Document> {
        self.all
            .iter()
            .find(|(l, d)| *l == lang && d.name == name)
            .map(|(_, d)| d)
    }

    /// The version in force (the same in every language).
    pub fn version(&self, name: DocumentName) -> &str {
        self.all
            .iter()
            .find(|(_, d)| d.name == name)
            .map_or("", |(_, d)| d.version.as_str())
    }
}

fn parse(name: DocumentName, source: &str, settings: &Settings) -> Result<Document, String> {
    let rest = source
        .strip_prefix("---\n")
        .ok_or("no front matter (--- version, title ---)")?;
    let (front, body) = rest
        .split_once("\n---\n")
        .ok_or("front matter not closed")?;
    let field = |key: &str| {
        front
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .ok_or(format!("no {key} in the front matter"))
    };
    let body = body
        .replace(
            "{id_retention_days}",
            &settings.id_retention_days.to_string(),
        )
        .replace("{contact}", &settings.contact);
    if let Some(at) = body.find(['{', '}']) {
        return Err(format!(
            "unknown placeholder at {:?}",
            &body[at..(at + 20).min(body.len())]
        ));
    }
    let mut html = String::new();
    let options = pulldown_cmark::Options::ENABLE_TABLES;
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&body, options));
    Ok(Document {
        name,
        version: field("version")?,
        title: field("title")?,
        html,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_in_every_language_with_the_shops_figures() {
        let settings = Settings {
            id_retention_days: 45,
            contact: "privacy@shop.example".into(),
            ..Settings::default()
        };
        let docs = Documents::new(&settings).expect("documents");
        for name in DocumentName::ALL {
            for lang in Lang::ALL {
                let d = docs.get(name, lang).expect("present");
                assert!(
                    !d.title.is_empty() && d.html.contains("<p>"),
                    "{name:?} {lang:?}"
                );
                assert_eq!(d.version, docs.version(name));
            }
        }
        let privacy = docs
            .get(DocumentName::Privacy, Lang::EnUs)
            .expect("privacy");
        assert!(privacy.html.contains("45 days"), "{}", privacy.html);
        assert!(privacy.html.contains("privacy@shop.example"));
        assert!(privacy.html.contains("<table>"), "tables drawn");
        let id = docs
            .get(DocumentName::ConsentId, Lang::ZhCn)
            .expect("consent");
        assert!(id.html.contains("45 天"), "{}", id.html);
    }

    #[test]
    fn refuses_a_document_without_its_front_matter_or_with_an_unknown_figure() {
        let s = Settings::default();
        assert!(parse(DocumentName::Terms, "# Terms\n", &s).is_err());
        assert!(parse(DocumentName::Terms, "---\ntitle: T\n---\ntext\n", &s)
            .is_err_and(|e| e.contains("version")));
        assert!(parse(
            DocumentName::Terms,
            "---\nversion: 1\ntitle: T\n---\n{fee}\n",
            &s
        )
        .is_err_and(|e| e.contains("placeholder")));
        let ok = parse(
            DocumentName::Terms,
            "---\nversion: 1\ntitle: T\n---\n**a**\n",
            &s,
        )
        .expect("ok");
        assert_eq!(
            (ok.version.as_str(), ok.html.as_str()),
            ("1", "<p><strong>a</strong></p>\n")
        );
    }
}
