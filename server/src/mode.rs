//! Development or production (`HAITAO_ENV`). Development has conveniences a
//! real shop must not: the sandbox payment provider, secrets made on first
//! start. Production refuses each of them and starts only when the real
//! thing is configured.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Development,
    Production,
}

impl Mode {
    /// `HAITAO_ENV`: unset or `development`, or `production`; anything else is
    /// a typo that must not quietly mean development.
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        match value.map(str::trim) {
            None | Some("") | Some("development") | Some("dev") => Ok(Mode::Development),
            Some("production") | Some("prod") => Ok(Mode::Production),
            Some(other) => Err(format!(
                "HAITAO_ENV={other:?}: expected `development` or `production`"
            )),
        }
    }

    pub fn from_env() -> Result<Self, String> {
        Self::parse(std::env::var("HAITAO_ENV").ok().as_deref())
    }

    pub fn is_production(self) -> bool {
        self == Mode::Production
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_names() {
        assert_eq!(Mode::parse(None), Ok(Mode::Development));
        assert_eq!(Mode::parse(Some("production")), Ok(Mode::Production));
        assert!(Mode::parse(Some("prodution")).is_err());
    }
}
