//! Calls to outside services (payment providers, SMS): one way to make the
//! client, and one way to report a failed call. A reqwest error prints its
//! whole URL, and some URLs carry secrets (WeChat's OAuth takes the AppSecret
//! in its query, Aliyun's RPC the signed parameters with the code), so no
//! error leaves here with its URL.

use std::time::Duration;

/// Sent on every call, in the form WeChat Pay's own SDKs use ("name/version
/// (os) runtime"). WeChat Pay refuses a v3 request without a User-Agent
/// (docs/PAYMENTS.md, "Sources"); the others are told who is calling.
pub fn user_agent() -> String {
    format!(
        "haitao-server/{} ({}) reqwest",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS
    )
}

/// The client every outside call goes through.
pub fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(timeout)
        .user_agent(user_agent())
        .build()
        .map_err(|e| format!("HTTP client: {e}"))
}

/// What went wrong with a call, fit for a log line: the kind of failure and
/// the status, never the URL.
pub fn error(e: reqwest::Error) -> String {
    e.without_url().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_failed_call_does_not_say_its_url() {
        let Ok(c) = client(Duration::from_millis(500)) else {
            panic!("client");
        };
        // A closed port on this machine: the call fails at once.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        let url = format!("http://127.0.0.1:{port}/sns/oauth2/access_token?secret=APPSECRET123");
        let Err(e) = c.get(&url).send().await else {
            panic!("nothing listens there");
        };
        assert!(
            e.to_string().contains("APPSECRET123"),
            "reqwest's own text has it: {e}"
        );
        let said = error(e);
        assert!(!said.contains("APPSECRET123"), "{said}");
        assert!(!said.contains("secret="), "{said}");
    }
}
