//! The USD -> CNY rate prices are shown at, kept in `settings` with the time
//! it was set.

use haitao_core::ExchangeRate;
use sqlx::AnyPool;

/// The rate a new shop starts with.
pub const DEFAULT_RATE: &str = "7.1800";

/// Parses "7.1234" (up to four decimals) into yuan per dollar x 10,000.
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty()
        || frac.len() > 4
        || !int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let int: i64 = int.parse().ok()?;
    let frac: i64 = format!("{frac:0<4}").parse().ok()?;
    let e4 = int.checked_mul(ExchangeRate::SCALE)?.checked_add(frac)?;
    // A rate outside 1..100 yuan per dollar is a typo, not a market.
    (10_000..=1_000_000).contains(&e4).then_some(e4)
}

/// Loads the stored rate; `set` (from the command line or environment)
/// replaces it, stamped now, when it differs.
pub async fn load(
    pool: &AnyPool,
    set: Option<&str>,
) -> Result<ExchangeRate, Box<dyn std::error::Error>> {
    if let Some(text) = set {
        let e4 = parse(text)
            .ok_or_else(|| format!("--rate {text:?}: expected yuan per dollar like 7.1234"))?;
        let stored: Option<(String,)> =
            sqlx::query_as("SELECT value FROM settings WHERE key = 'rate_e4'")
                .fetch_optional(pool)
                .await?;
        if stored.map(|s| s.0) != Some(e4.to_string()) {
            store(pool, e4).await?;
        }
    }
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT r.value, t.value FROM settings r JOIN settings t ON t.key = 'rate_set_at' WHERE r.key = 'rate_e4'",
    )
    .fetch_optional(pool)
    .await?;
    let (e4, set_at) = match row {
        Some(r) => r,
        None => {
            let e4 = parse(DEFAULT_RATE).ok_or("default rate does not parse")?;
            store(pool, e4).await?;
            return Box::pin(load(pool, None)).await;
        }
    };
    Ok(ExchangeRate {
        cny_per_usd_e4: e4.parse()?,
        set_at,
    })
}

async fn store(pool: &AnyPool, e4: i64) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let set_at = crate::infra::clock::stamp(time::OffsetDateTime::now_utc());
    for (key, value) in [("rate_e4", e4.to_string()), ("rate_set_at", set_at)] {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_rates() {
        assert_eq!(super::parse("7.1234"), Some(71_234));
        assert_eq!(super::parse("7.18"), Some(71_800));
        assert_eq!(super::parse("7"), Some(70_000));
        for bad in ["", "7.12345", "abc", "-7.1", "0.5", "1000", "7,1"] {
            assert_eq!(super::parse(bad), None, "{bad}");
        }
    }
}
