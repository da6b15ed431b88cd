//! The serving process's background work: unpaid orders expire, refunds that
//! could not be sent are sent again, full ID numbers past their retention are
//! deleted, shoppers waiting for a harvest are told, SMS notices and sellers'
//! mails go out, parcels are followed and delivered orders confirm
//! themselves, and (sandbox only) paid orders move on as customs would move
//! them. With several processes, only the leader does it (leader.rs); each
//! process on a SQLite file also copies its log into the file.

use std::time::Duration;

use crate::infra::leader::Leader;
use crate::state::AppState;

/// How often expiry and refunds are looked at.
const EVERY: Duration = Duration::from_secs(10);
/// How often opened seasons are looked for.
const HARVEST_EVERY: Duration = Duration::from_secs(60);
/// How often ID numbers past retention are looked for.
const RETENTION_EVERY: Duration = Duration::from_secs(3600);

/// Runs `work` every `period`, in the process that leads only.
fn every<F, Fut>(leader: &Leader, period: Duration, st: &AppState, work: F)
where
    F: Fn(AppState) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let (st, leader) = (st.clone(), leader.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            if leader.is() {
                work(st.clone()).await;
            }
        }
    });
}

pub fn spawn(st: AppState, sandbox_advance_secs: i64) {
    // Every process on SQLite: its own writer leaves the copying to this round.
    if crate::infra::db::backend(&st.db) == crate::infra::db::Backend::Sqlite {
        let db = st.db.clone();
        tokio::spawn(async move {
            let mut last = crate::infra::db::LogState::default();
            loop {
                let wait = match crate::infra::db::checkpoint(&db).await {
                    Ok(now) => {
                        let wait = crate::infra::db::next_checkpoint(last, now);
                        last = now;
                        wait
                    }
                    Err(err) => {
                        tracing::warn!("checkpoint: {err}");
                        crate::infra::db::CHECKPOINT_IDLE_EVERY
                    }
                };
                tokio::time::sleep(wait).await;
            }
        });
    }
    let leader = Leader::spawn(st.db.clone());
    every(&leader, EVERY, &st, |s| async move {
        if let Err(err) = crate::orders::close::expire_due(&s).await {
            tracing::warn!("order expiry: {}", err.message);
        }
    });
    // Refunds in their own round: a provider's spacing between refunds
    // (Alipay's) may make one long, and expiry must not wait for it.
    every(&leader, EVERY, &st, |s| async move {
        use crate::orders::refunds::{settle, Round};
        settle(&s.db, &s.clock, s.payments.as_ref(), Round::Background).await;
    });
    every(&leader, RETENTION_EVERY, &st, |s| async move {
        // Every process has followed these long ago (reload.rs).
        let before = s.clock.stamp_in(-600);
        if let Err(err) = crate::catalog::reload::prune_changes(&s.db, &before).await {
            tracing::warn!("index changes: {err}");
        }
        if let Err(err) = crate::infra::throttle::forget_idle_shared(&s.db).await {
            tracing::warn!("shared rate limit: {err}");
        }
        if let Err(err) = crate::infra::db::forget_marks(&s.db).await {
            tracing::warn!("write marks: {err}");
        }
        if let Err(err) = crate::orders::photos::forget_unused(&s.db, &s.clock).await {
            tracing::warn!("unused photos: {err}");
        }
        let days = s.settings.id_retention_days;
        if let Err(err) = crate::orders::retention::forget_id_numbers(&s.db, &s.clock, days).await {
            tracing::warn!("ID number retention: {err}");
        }
    });
    every(&leader, EVERY, &st, |s| async move {
        crate::tracking::follow(&s.db, &s.clock, s.tracking.as_ref()).await;
    });
    every(&leader, HARVEST_EVERY, &st, |s| async move {
        let days = s.settings.auto_confirm_days;
        if let Err(err) = crate::tracking::delivery::complete_due(&s.db, &s.clock, days).await {
            tracing::warn!("orders confirming themselves: {err}");
        }
    });
    // Often: a sold-out drop's units come back as unpaid orders expire.
    every(&leader, EVERY, &st, |s| async move {
        if let Err(err) = crate::account::wishes::notify_opened(&s).await {
            tracing::warn!("harvest wishes: {err}");
        }
    });
    every(&leader, EVERY, &st, |s| async move {
        if let Err(err) = crate::sms::notices::send_due(&s.db, &s.clock, s.sms.as_ref()).await {
            tracing::warn!("SMS notices: {err}");
        }
    });
    every(&leader, EVERY, &st, |s| async move {
        use crate::sellers::mail;
        if let Err(err) = mail::queue_digests(&s.db, &s.clock).await {
            tracing::warn!("sellers' digests: {err}");
        }
        let base = s.settings.base_url();
        if let Err(err) = mail::send_due(&s.db, &s.clock, s.mailer.as_ref(), &base).await {
            tracing::warn!("sellers' mails: {err}");
        }
    });
    if st.sandbox.is_some() {
        every(&leader, Duration::from_secs(5), &st, move |s| async move {
            if let Err(err) =
                crate::orders::payment::advance(&s.db, &s.clock, sandbox_advance_secs).await
            {
                tracing::warn!("sandbox status advance: {err}");
            }
        });
    }
}
