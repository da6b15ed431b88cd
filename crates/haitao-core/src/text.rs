//! Languages and bilingual product content.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en-US")]
    EnUs,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::EnUs];

    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::EnUs => "en-US",
        }
    }
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "zh-CN" => Some(Lang::ZhCn),
            "en-US" => Some(Lang::EnUs),
            _ => None,
        }
    }
}

/// A text in both shop languages, as sellers supply it. An empty side means
/// "not translated yet".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct L10n {
    pub zh: String,
    pub en: String,
}

/// What to show for one language: the text, and whether it is the other
/// language standing in (so the interface can mark it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown<'a> {
    pub text: &'a str,
    pub fallback: bool,
}

impl L10n {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> Shown<'_> {
        let (want, other) = match lang {
            Lang::ZhCn => (&self.zh, &self.en),
            Lang::EnUs => (&self.en, &self.zh),
        };
        if want.trim().is_empty() {
            Shown {
                text: other,
                fallback: !other.trim().is_empty(),
            }
        } else {
            Shown {
                text: want,
                fallback: false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_visibly() {
        let both = L10n::new("樱桃", "Cherries");
        assert_eq!(
            both.get(Lang::ZhCn),
            Shown {
                text: "樱桃",
                fallback: false
            }
        );
        assert_eq!(
            both.get(Lang::EnUs),
            Shown {
                text: "Cherries",
                fallback: false
            }
        );
        let en_only = L10n::new(" ", "Cherries");
        assert_eq!(
            en_only.get(Lang::ZhCn),
            Shown {
                text: "Cherries",
                fallback: true
            }
        );
        let none = L10n::default();
        assert_eq!(
            none.get(Lang::EnUs),
            Shown {
                text: "",
                fallback: false
            }
        );
    }

    #[test]
    fn tags_round_trip() {
        for l in [Lang::ZhCn, Lang::EnUs] {
            assert_eq!(Lang::from_tag(l.tag()), Some(l));
        }
    }
}
