//! The serving process's background work: unpaid orders expire, refunds that
//! could not be sent are sent again, full ID numbers past their retention are
//! deleted, and (sandbox only) paid orders move on as customs and a carrier
//! would move them. With several processes, only the leader does it
//! (leader.rs).

use std::time::Duration;

use crate::state::AppState;

/// How often expiry and refunds are looked at.
const EVERY: Duration = Duration::from_secs(10);
/// How often ID numbers past retention are looked for.
const RETENTION_EVERY: Duration = Duration::from_secs(3600);

pub fn spawn(st: AppState, sandbox_advance_secs: i64) {
    let leader = crate::leader::Leader::spawn(st.db.clone());
    let (s, lead) = (st.clone(), leader.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            if !lead.is() {
                continue;
            }
            if let Err(err) = crate::orders::close::expire_due(&s).await {
                tracing::warn!("order expiry: {}", err.message);
            }
        }
    });
    // Refunds in their own round: a provider's spacing between refunds
    // (Alipay's) may make one long, and expiry must not wait for it.
    let (s, lead) = (st.clone(), leader.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            if !lead.is() {
                continue;
            }
            use crate::payments::refunds::{settle, Round};
            settle(&s.db, &s.clock, s.payments.as_ref(), Round::Background).await;
        }
    });
    let (s, lead) = (st.clone(), leader.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(RETENTION_EVERY);
        loop {
            tick.tick().await;
            if !lead.is() {
                continue;
            }
            // Every process has followed these long ago (reload.rs).
            let before = s.clock.stamp_in(-600);
            if let Err(err) = crate::reload::prune_changes(&s.db, &before).await {
                tracing::warn!("index changes: {err}");
            }
            if let Err(err) = crate::throttle::forget_idle_shared(&s.db).await {
                tracing::warn!("shared rate limit: {err}");
            }
            let days = s.settings.id_retention_days;
            if let Err(err) =
                crate::orders::retention::forget_id_numbers(&s.db, &s.clock, days).await
            {
                tracing::warn!("ID number retention: {err}");
            }
        }
    });
    if st.sandbox.is_some() {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(5));
            loop {
                tick.tick().await;
                if !leader.is() {
                    continue;
                }
                if let Err(err) =
                    crate::payments::advance(&st.db, &st.clock, sandbox_advance_secs).await
                {
                    tracing::warn!("sandbox status advance: {err}");
                }
            }
        });
    }
}
