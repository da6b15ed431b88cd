//! The operator's and sellers' commands: import, publish, refunds, customs,
//! questions, preview-token. Each prints what it
//! did for a person to read, and fails (non-zero exit) with the reason.

use std::path::Path;

use sqlx::AnyPool;

use crate::catalog::preview::token;
use crate::infra::secret::Secret;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

pub async fn import(pool: &AnyPool, seller: &str, file: &Path) -> Result<()> {
    let done = crate::catalog::import::import_file(pool, seller, file).await?;
    println!(
        "imported {} product(s) as drafts for {seller}: {} new, {} updated, {} variant(s)",
        done.created + done.updated,
        done.created,
        done.updated,
        done.variants
    );
    if done.unpublished > 0 {
        println!(
            "{} of them were on sale and are drafts again until you publish: haitao-server publish --seller {seller}",
            done.unpublished
        );
    }
    Ok(())
}

pub async fn publish(pool: &AnyPool, seller: &str, product: Option<&str>) -> Result<()> {
    let done = crate::catalog::publish::publish(pool, seller, product).await?;
    for slug in &done.published {
        println!("published {slug}");
    }
    if !done.unchanged.is_empty() {
        println!("already on sale: {}", done.unchanged.join(", "));
    }
    for (slug, issues) in &done.refused {
        let why: Vec<String> = issues.iter().map(|i| format!("{i:?}")).collect();
        println!("not published {slug}: {}", why.join(", "));
    }
    if done.published.is_empty() && done.refused.is_empty() {
        println!("nothing to publish for {seller}");
    }
    if done.refused.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} product(s) cannot be sold yet; see the preview's report",
            done.refused.len()
        )
        .into())
    }
}

pub async fn refund(
    pool: &AnyPool,
    provider: &dyn crate::payments::PaymentProvider,
    order: &str,
) -> Result<()> {
    let clock = crate::infra::clock::Clock::default();
    let id = crate::orders::refunds::refund_order(pool, &clock, provider, order).await?;
    let (status,): (String,) = sqlx::query_as("SELECT status FROM refunds WHERE id = $1")
        .bind(&id)
        .fetch_one(pool)
        .await?;
    println!("refund {id} of order {order}: {status}");
    if status != "done" {
        println!("the provider has not confirmed it yet; the server sends it again until it does");
    }
    Ok(())
}

/// `presale unfilled SLUG`: what closed, what was refunded, what was not.
pub async fn presale_unfilled(
    pool: &AnyPool,
    provider: &dyn crate::payments::PaymentProvider,
    slug: &str,
) -> Result<()> {
    let clock = crate::infra::clock::Clock::default();
    let done = crate::orders::presale::unfilled(pool, &clock, provider, None, slug, None)
        .await
        .map_err(|e| format!("{slug}: {}", e.message))?;
    println!("{slug}: no longer sold");
    for order in &done.closed {
        println!("unpaid order {order} closed");
    }
    for (order, refund) in &done.refunded {
        println!("order {order} refunded in full: refund {refund}");
    }
    for (order, why) in &done.kept {
        println!("order {order} {why}");
    }
    Ok(())
}

pub async fn refunds(pool: &AnyPool, retry: Option<&str>, handled: Option<&str>) -> Result<()> {
    use crate::orders::refunds::{self, Retry};
    if let Some(id) = retry {
        return match refunds::retry(pool, id).await? {
            Retry::Requested => {
                println!("refund {id} will be sent again by the running server within a minute");
                Ok(())
            }
            Retry::NotFailed => Err(format!(
                "refund {id} has not failed: only a failed refund is sent again"
            )
            .into()),
            Retry::HeldAbnormal => Err(format!(
                "refund {id} is ABNORMAL at WeChat Pay (the shopper's card refused the money): \
                 settle it in WeChat Pay's merchant platform (交易中心, the refund's 手动处理), \
                 then record it with --handled {id}; a new refund could pay the shopper twice"
            )
            .into()),
        };
    }
    if let Some(id) = handled {
        let clock = crate::infra::clock::Clock::default();
        if !refunds::handled(pool, &clock, id).await? {
            return Err(format!("refund {id} has not failed: nothing to record").into());
        }
        println!("refund {id} recorded as settled at the provider");
        return Ok(());
    }
    let open = refunds::unfinished(pool).await?;
    if open.is_empty() {
        println!("every refund is done");
    }
    for r in open {
        println!(
            "{} order {} {} yuan: {}{}{} (since {}, attempt {})",
            r.id,
            r.order_id,
            haitao_core::Money::cny(r.amount_fen).decimal(),
            r.status,
            if r.refused != 0 { ", refused" } else { "" },
            r.failure.map(|f| format!(" ({f})")).unwrap_or_default(),
            r.created_at,
            r.attempt + 1
        );
    }
    Ok(())
}

pub async fn customs_export(
    pool: &AnyPool,
    keys: &crate::infra::keys::Keys,
    parties: &crate::customs::Parties,
    since: Option<&str>,
    dir: &Path,
) -> Result<()> {
    let since = since.map(crate::customs::since_stamp).transpose()?;
    let clock = crate::infra::clock::Clock::default();
    let done = crate::customs::export(pool, keys, &clock, parties, since.as_deref(), dir).await?;
    for path in &done.written {
        println!("{}", path.display());
    }
    for (order, why) in &done.failed {
        eprintln!("not declared {order}: {why}");
    }
    println!(
        "{} declaration(s) written to {}",
        done.written.len(),
        dir.display()
    );
    if done.failed.is_empty() {
        Ok(())
    } else {
        Err(format!("{} order(s) could not be declared", done.failed.len()).into())
    }
}

/// `codes flagged`: authenticity codes checked from many clients.
pub async fn codes_flagged(pool: &AnyPool) -> Result<()> {
    let flagged = crate::orders::genuine::flagged(pool).await?;
    for f in &flagged {
        println!(
            "{}  order {} {}  {} checks from {} clients, {} to {}",
            f.code, f.order_id, f.sku, f.checks, f.clients, f.first_at, f.last_at
        );
    }
    println!(
        "{} code(s) checked from {} or more clients",
        flagged.len(),
        crate::orders::genuine::FLAG_CLIENTS
    );
    Ok(())
}

/// `reviews list PRODUCT`: every review, hidden ones marked.
pub async fn reviews_list(pool: &AnyPool, product: &str) -> Result<()> {
    let rows: Vec<crate::orders::reviews::Listed> =
        crate::orders::reviews::listed(pool, product).await?;
    for r in &rows {
        println!(
            "#{} {}★ {} {}: {:?}{}",
            r.id,
            r.rating,
            r.sku,
            r.created_at,
            r.text,
            r.hidden_why
                .as_deref()
                .map(|w| format!(" [hidden: {w}]"))
                .unwrap_or_default()
        );
    }
    println!("{} review(s) of {product}", rows.len());
    Ok(())
}

/// `reviews hide ID --reason`.
pub async fn reviews_hide(pool: &AnyPool, id: i64, reason: &str) -> Result<()> {
    if reason.trim().is_empty() {
        return Err("say why with --reason".into());
    }
    let clock = crate::infra::clock::Clock::default();
    if crate::orders::reviews::hide(pool, &clock, id, reason.trim()).await? {
        println!("review #{id} hidden");
        Ok(())
    } else {
        Err(format!("no review #{id} shown").into())
    }
}

/// `aftersales list`: what waits for the operator.
pub async fn aftersales_list(pool: &AnyPool) -> Result<()> {
    let waiting = crate::orders::aftersales::escalated(pool)
        .await
        .map_err(|e| e.message)?;
    for r in &waiting {
        let lines: Vec<String> = r
            .lines
            .iter()
            .map(|l| format!("{} x{}", l.sku, l.qty))
            .collect();
        println!(
            "#{} order {} {}: {} ({}); shopper: {:?}; seller refused: {:?}; {} photo(s)",
            r.id,
            r.order_id,
            r.amount.decimal(),
            lines.join(", "),
            r.reason.as_str(),
            r.note,
            r.answer.as_deref().unwrap_or_default(),
            r.photos.len()
        );
    }
    println!("{} request(s) wait for you", waiting.len());
    Ok(())
}

/// `aftersales decide ID approve|refuse`.
pub async fn aftersales_decide(
    pool: &AnyPool,
    provider: &dyn crate::payments::PaymentProvider,
    id: i64,
    approve: bool,
    note: &str,
) -> Result<()> {
    use crate::orders::aftersales::{decide, Decider};
    let clock = crate::infra::clock::Clock::default();
    let r = decide(pool, &clock, provider, id, Decider::Operator, approve, note)
        .await
        .map_err(|e| e.message)?;
    println!("#{} of order {}: {}", r.id, r.order_id, r.state.as_str());
    Ok(())
}

/// `customs receipts`: customs' decisions applied; what needs the operator said.
pub async fn customs_receipts(
    pool: &AnyPool,
    provider: &dyn crate::payments::PaymentProvider,
    dir: &Path,
) -> Result<()> {
    let clock = crate::infra::clock::Clock::default();
    let done = crate::orders::customs_receipts::apply_dir(pool, &clock, provider, dir).await?;
    for order in &done.cleared {
        println!("cleared {order}");
    }
    for order in &done.refused {
        println!("refused by customs, refunded {order}");
    }
    for r in &done.attention {
        println!(
            "needs you: {} {} status {}: {}",
            r.order,
            r.message.as_str(),
            r.status,
            r.info
        );
    }
    for r in &done.unknown {
        eprintln!(
            "no order {} in this shop ({} status {})",
            r.order,
            r.message.as_str(),
            r.status
        );
    }
    for (file, why) in &done.unreadable {
        eprintln!("not read {file}: {why}");
    }
    println!(
        "{} file(s), {} new return(s): {} cleared, {} refused, {} for you to look at",
        done.files,
        done.new,
        done.cleared.len(),
        done.refused.len(),
        done.attention.len()
    );
    Ok(())
}

/// `customs waybills`: each shipped order's parcels for the inventory list
/// and the logistics enterprise's waybill.
pub async fn customs_waybills(
    pool: &AnyPool,
    parties: &crate::customs::Parties,
    logistics: &crate::customs::logistics::Logistics,
    since: Option<&str>,
    dir: &Path,
) -> Result<()> {
    let since = since.map(crate::customs::since_stamp).transpose()?;
    let clock = crate::infra::clock::Clock::default();
    let done =
        crate::orders::waybills::export(pool, &clock, parties, logistics, since.as_deref(), dir)
            .await?;
    for path in &done.written {
        println!("{}", path.display());
    }
    for (order, why) in &done.failed {
        eprintln!("not written {order}: {why}");
    }
    println!(
        "{} order(s)' waybills written to {}",
        done.written.len(),
        dir.display()
    );
    if done.failed.is_empty() {
        Ok(())
    } else {
        Err(format!("{} order(s) could not be written", done.failed.len()).into())
    }
}

/// The questions waiting for an answer, oldest first.
pub async fn questions(pool: &AnyPool) -> Result<()> {
    let open = crate::account::questions::open(pool).await?;
    for q in &open {
        println!(
            "{}\t{}\t{} / {}\t{}\n\t{}",
            q.id, q.asked_at, q.seller.en, q.product_name.en, q.product, q.body
        );
    }
    println!("{} question(s) waiting for an answer", open.len());
    Ok(())
}

/// Answers a question; the shopper is told by SMS.
pub async fn answer(pool: &AnyPool, id: i64, text: &str) -> Result<()> {
    use crate::account::questions::{answer, NotAnswered};
    let clock = crate::infra::clock::Clock::default();
    match answer(pool, &clock, id, text).await? {
        Ok(()) => {
            println!("question {id} answered; the shopper will get an SMS");
            Ok(())
        }
        Err(NotAnswered::NoSuchQuestion) => Err(format!("no question {id}").into()),
        Err(NotAnswered::AlreadyAnswered) => {
            Err(format!("question {id} is answered already").into())
        }
        Err(NotAnswered::BadText) => Err(format!(
            "the answer must have text, at most {} characters",
            haitao_core::trust::ANSWER_MAX
        )
        .into()),
    }
}

pub struct PreviewArgs<'a> {
    pub seller: &'a str,
    pub ttl: &'a str,
    pub revoke: Option<&'a str>,
    pub list: bool,
    pub base: &'a str,
}

pub async fn preview_token(pool: &AnyPool, secret: &Secret, a: PreviewArgs<'_>) -> Result<()> {
    if a.list {
        for t in token::list(pool, a.seller).await? {
            let state = if t.revoked {
                "revoked"
            } else if t.expires_at <= token::now() {
                "expired"
            } else {
                "active"
            };
            println!(
                "{}  expires {}  {state}",
                t.id,
                token::rfc3339(t.expires_at)
            );
        }
        return Ok(());
    }
    if let Some(which) = a.revoke {
        let n = token::revoke(pool, a.seller, (which != "all").then_some(which)).await?;
        println!("revoked {n} token(s) of {}", a.seller);
        return if n == 0 && which != "all" {
            Err(format!("no active token {which} for seller {}", a.seller).into())
        } else {
            Ok(())
        };
    }
    let ttl = token::parse_ttl(a.ttl)?;
    let issued = token::issue(pool, secret, a.seller, ttl)
        .await?
        .ok_or_else(|| format!("no seller {:?}", a.seller))?;
    println!(
        "{}/preview/{}?token={}",
        a.base.trim_end_matches('/'),
        a.seller,
        issued.token
    );
    eprintln!(
        "token {} for {}, until {} (revoke: haitao-server preview-token --seller {} --revoke {})",
        issued.id,
        a.seller,
        token::rfc3339(issued.expires_at),
        a.seller,
        issued.id
    );
    Ok(())
}

/// `seller invite`: the owner is mailed how to sign in.
pub async fn seller_invite(
    pool: &AnyPool,
    mailer: &dyn crate::mail::Mailer,
    slug: &str,
    email: &str,
    new: &crate::sellers::operator::NewSeller<'_>,
    base: &str,
) -> Result<()> {
    let clock = crate::infra::clock::Clock::default();
    let sign_in_url = format!("{}/seller", base.trim_end_matches('/'));
    crate::sellers::operator::invite(pool, mailer, slug, email, new, &clock.stamp(), &sign_in_url)
        .await?;
    println!("{email} invited to run {slug}: they sign in at {sign_in_url}");
    Ok(())
}

pub async fn seller_list(pool: &AnyPool) -> Result<()> {
    let sellers = crate::sellers::operator::list(pool).await?;
    for s in &sellers {
        println!(
            "{}\t{}\t{} user(s)\t{} product(s)\t{}\t{}",
            s.slug,
            s.name_en,
            s.users,
            s.products,
            s.verified_on
                .as_deref()
                .map_or("not verified".to_owned(), |d| format!("verified {d}")),
            s.suspended_at
                .as_deref()
                .map_or(String::new(), |d| format!("SUSPENDED since {d}")),
        );
    }
    println!("{} seller(s)", sellers.len());
    Ok(())
}

pub async fn seller_suspend(pool: &AnyPool, slug: &str, lift: bool) -> Result<()> {
    let clock = crate::infra::clock::Clock::default();
    crate::sellers::operator::suspend(pool, slug, lift, &clock.stamp()).await?;
    if lift {
        println!("{slug}: suspension lifted; its users may sign in again");
    } else {
        println!("{slug}: suspended; its users are signed out and cannot sign in");
    }
    Ok(())
}

pub async fn seller_verify(pool: &AnyPool, slug: &str, on: Option<&str>, note: &str) -> Result<()> {
    let today = crate::infra::clock::Clock::default()
        .now()
        .to_offset(time::macros::offset!(+8))
        .date()
        .to_string();
    let on = on.unwrap_or(&today);
    crate::sellers::operator::verify(pool, slug, on, note).await?;
    println!("{slug}: verified on {on}");
    Ok(())
}
