//! The shop's legal texts and the consents given to them. Each text is a
//! versioned document (documents/<lang>/<name>.md, served by the API and
//! drawn on the page `/legal/<name>`), so a consent records the very wording
//! the shopper agreed to.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DocumentName {
    /// The user agreement, accepted at sign-in.
    Terms,
    /// The privacy policy, accepted at sign-in.
    Privacy,
    /// The cross-border consumer notice (跨境电子商务零售进口商品消费者告知书),
    /// confirmed before every order (商财发〔2018〕486号).
    Notice,
    /// The separate consent to process the payer's ID number (sensitive
    /// personal information, PIPL art. 29) for the customs declaration.
    ConsentId,
    /// The separate consent to give the recipient's details to sellers
    /// outside China (PIPL art. 39).
    ConsentAbroad,
}

impl DocumentName {
    pub const ALL: [DocumentName; 5] = [
        DocumentName::Terms,
        DocumentName::Privacy,
        DocumentName::Notice,
        DocumentName::ConsentId,
        DocumentName::ConsentAbroad,
    ];

    /// Its name in paths and files.
    pub fn slug(self) -> &'static str {
        match self {
            DocumentName::Terms => "terms",
            DocumentName::Privacy => "privacy",
            DocumentName::Notice => "notice",
            DocumentName::ConsentId => "consent-id",
            DocumentName::ConsentAbroad => "consent-abroad",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.slug() == s)
    }

    /// The page that shows it.
    pub fn href(self) -> String {
        format!("/legal/{}", self.slug())
    }

    /// Its API address in `lang`: the app's request and the server's preload
    /// of it are the same URL, so the preload is used.
    pub fn api_url(self, lang: crate::text::Lang) -> String {
        format!("/api/documents/{}?lang={}", self.slug(), lang.tag())
    }
}

/// A document in one language, as the API gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    pub name: DocumentName,
    /// Changes whenever its wording does; the same in every language.
    pub version: String,
    pub title: String,
    /// Its body as HTML, made by the server from the shop's own file.
    pub html: String,
}

/// A document agreed to: which, and in which version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accepted {
    pub name: DocumentName,
    pub version: String,
}

/// Where `name` is among what was agreed to, its version.
pub fn version_of(accepted: &[Accepted], name: DocumentName) -> Option<&str> {
    accepted
        .iter()
        .find(|a| a.name == name)
        .map(|a| a.version.as_str())
}

/// What an order needs agreed to: the notice always; the ID consent, as
/// every order's payer is declared to customs; the consent to send the
/// recipient's details abroad, as the sellers are outside China.
pub const FOR_ORDER: [DocumentName; 3] = [
    DocumentName::Notice,
    DocumentName::ConsentId,
    DocumentName::ConsentAbroad,
];

/// What signing in needs agreed to.
pub const FOR_SIGN_IN: [DocumentName; 2] = [DocumentName::Terms, DocumentName::Privacy];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_serde_agrees() {
        for d in DocumentName::ALL {
            assert_eq!(DocumentName::parse(d.slug()), Some(d));
            assert_eq!(
                serde_json::to_string(&d).unwrap_or_default(),
                format!("\"{}\"", d.slug())
            );
        }
        assert_eq!(DocumentName::parse("cookies"), None);
    }

    #[test]
    fn finds_the_version_agreed_to() {
        let a = [Accepted {
            name: DocumentName::Notice,
            version: "2".into(),
        }];
        assert_eq!(version_of(&a, DocumentName::Notice), Some("2"));
        assert_eq!(version_of(&a, DocumentName::ConsentId), None);
    }
}
