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

    pub fn from_env(env: &crate::infra::config::Env) -> Result<Self, String> {
        Self::parse(env.get("HAITAO_ENV").as_deref())
    }

    pub fn is_production(self) -> bool {
        self == Mode::Production
    }

    /// The one rule for every address the shop calls out to (payments, SMS):
    /// production reaches them over https only; development reaches only this
    /// machine (the local fakes), because a real provider beside development's
    /// conveniences (every sign-in code at `/api/dev/sms`, a secret made on
    /// first start) would take real money on a shop anyone can sign in to.
    pub fn check_outbound(self, setting: &str, url: &str) -> Result<(), String> {
        if self.is_production() {
            return if url.starts_with("https://") {
                Ok(())
            } else {
                Err(format!(
                    "HAITAO_ENV=production: {setting}={url:?} must be https (the request carries keys and codes)"
                ))
            };
        }
        if is_loopback(url) {
            Ok(())
        } else {
            Err(format!(
                "{setting}={url:?} is a real provider, and this shop runs in development \
                 (HAITAO_ENV unset), where anyone can read sign-in codes at /api/dev/sms; \
                 set HAITAO_ENV=production to use real providers (development reaches only \
                 local fakes on 127.0.0.1)"
            ))
        }
    }
}

/// Whether `url` (http or https) names this machine: 127.0.0.0/8, ::1 or localhost.
fn is_loopback(url: &str) -> bool {
    let Ok(u) = reqwest::Url::parse(url) else {
        return false;
    };
    if !matches!(u.scheme(), "http" | "https") {
        return false;
    }
    is_loopback_host(u.host_str().unwrap_or_default())
}

/// Whether a host name or address is this machine's (a mail relay's host,
/// which has no URL).
pub fn is_loopback_host(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
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

    #[test]
    fn production_calls_out_over_https_only() {
        let p = Mode::Production;
        assert!(p
            .check_outbound("X", "https://dysmsapi.aliyuncs.com/")
            .is_ok());
        assert!(p
            .check_outbound("X", "http://dysmsapi.aliyuncs.com/")
            .is_err());
        assert!(p.check_outbound("X", "http://127.0.0.1:9/").is_err());
    }

    #[test]
    fn development_reaches_only_this_machine() {
        let d = Mode::Development;
        for ok in [
            "http://127.0.0.1:4000/gateway.do",
            "http://127.8.0.1/",
            "http://localhost:9/",
            "https://[::1]:9/",
        ] {
            assert!(d.check_outbound("X", ok).is_ok(), "{ok}");
        }
        for real in [
            "https://intlmapi.alipay.com/gateway.do",
            "https://api.mch.weixin.qq.com",
            "http://10.0.0.1/",
            "http://127.0.0.1.example.com/",
            "not a url",
        ] {
            assert!(d.check_outbound("X", real).is_err(), "{real}");
        }
    }
}
