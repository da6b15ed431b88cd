//! Rate limits on creating orders, starting payments and signing in: a
//! script hammering checkout (to drain stock, to probe ID numbers against the
//! quota) is slowed to a person's pace. Reading the catalog is not limited.
//!
//! A person is known by their account, their device (auth/device.rs) and
//! the payer's ID number, each limited alike; never by the address alone,
//! which behind a mobile carrier's NAT thousands of phones share. The address
//! gets a far higher limit of its own, a backstop against floods; a client
//! that keeps no cookie is one device per address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use haitao_core::ErrorCode;
use ipnet::IpNet;

use crate::infra::error::ApiError;

/// The address's own limit when none is set: a district's phones behind one
/// NAT ordering and paying in the same minute of a sale.
pub const ADDRESS_BURST: u32 = 2000;
pub const ADDRESS_PER_MINUTE: u32 = 2000;

#[derive(Clone)]
pub struct Throttle {
    /// Per account, device and payer.
    who: Limit,
    /// Per client address: the backstop.
    address: Limit,
    /// Reverse proxies in front of the server. A request from one of them
    /// names the client in X-Forwarded-For; each proxy appends the address it
    /// saw, so the client is the right-most address that is not a proxy of
    /// ours (whatever the client itself wrote further left).
    trusted: Arc<Vec<IpNet>>,
}

/// One limit: `burst` at once, then `per_minute` spread evenly, per key. With
/// several processes (PostgreSQL) it is kept in the database, so that it is
/// one limit for all of them (`shared`).
#[derive(Clone)]
struct Limit {
    limiter: Arc<DefaultKeyedRateLimiter<String>>,
    shared: Option<Shared>,
    burst: u32,
    per_minute: u32,
}

impl Limit {
    fn new(burst: u32, per_minute: u32) -> Self {
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: Arc::new(RateLimiter::keyed(
                Quota::per_minute(per_minute).allow_burst(burst),
            )),
            shared: None,
            burst: burst.get(),
            per_minute: per_minute.get(),
        }
    }

    fn shared(&mut self, pool: &sqlx::AnyPool) {
        // Nanoseconds: at a hundred million a minute an interval is 600 ns,
        // which microseconds would round to nothing (every request refused).
        let interval_ns = 60_000_000_000 / i64::from(self.per_minute.max(1));
        let postgres = crate::infra::db::backend(pool) == crate::infra::db::Backend::Postgres;
        let greatest = crate::infra::db::greatest(pool);
        self.shared = Some(Shared {
            sql: (1..=MAX_KEYS)
                .map(|n| Shared::sql(postgres, greatest, n))
                .collect(),
            postgres,
            pool: pool.clone(),
            interval_ns,
            tolerance_ns: interval_ns * (i64::from(self.burst.max(1)) - 1),
        });
    }

    async fn check(&self, key: &str) -> Result<(), Duration> {
        self.check_many(&[key.to_owned()]).await
    }

    /// Counts a request against each of `keys`: the longest wait of those
    /// over their limit. Kept in the database, one statement for all.
    async fn check_many(&self, keys: &[String]) -> Result<(), Duration> {
        match &self.shared {
            Some(shared) => shared.check(keys).await,
            None => {
                let now = DefaultClock::default().now();
                let mut wait: Option<Duration> = None;
                for key in keys {
                    if let Err(not_until) = self.limiter.check_key(key) {
                        let w = not_until.wait_time_from(now);
                        wait = Some(wait.map_or(w, |x| x.max(w)));
                    }
                }
                wait.map_or(Ok(()), Err)
            }
        }
    }
}

/// The most keys one request is counted against (device, account, payer).
const MAX_KEYS: usize = 4;

/// Parses `HAITAO_TRUSTED_PROXIES`: addresses or networks, comma-separated
/// (`10.0.0.0/8, 127.0.0.1, ::1`).
pub fn parse_proxies(list: &str) -> Result<Vec<IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("trusted proxy {s:?}: expected an address or a network like 10.0.0.0/8")
                })
        })
        .collect()
}

/// The key a client is limited under: its address, or for IPv6 its /64 (one
/// subscriber gets a whole /64 and can pick any address in it).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(bits))
            }
        },
        v4 => v4,
    }
}

impl Throttle {
    /// `burst` at once, then `per_minute` (spread evenly) per account, device
    /// and payer; the address's own backstop at its default.
    pub fn new(burst: u32, per_minute: u32, trusted: Vec<IpNet>) -> Self {
        Self {
            who: Limit::new(burst, per_minute),
            address: Limit::new(ADDRESS_BURST.max(burst), ADDRESS_PER_MINUTE.max(per_minute)),
            trusted: Arc::new(trusted),
        }
    }

    /// The address's backstop: `burst` at once, then `per_minute`; never
    /// below one person's limit (an address is at least one person).
    pub fn per_address(mut self, burst: u32, per_minute: u32) -> Self {
        self.address = Limit::new(
            burst.max(self.who.burst),
            per_minute.max(self.who.per_minute),
        );
        self
    }

    /// The limits of people kept in `pool`, one for every process using it.
    /// The address's backstop stays in each process: it is there against
    /// floods, far above anyone's pace, and checked on every limited request
    /// (with several processes an address may reach it in each).
    pub fn shared(mut self, pool: sqlx::AnyPool) -> Self {
        self.who.shared(&pool);
        self
    }

    /// `check` at the time `now_ns` (Unix nanoseconds) as this process read
    /// it: a request may reach the database after another that read its
    /// clock later (tests give the times).
    pub async fn check_at(&self, key: &str, now_ns: i64) -> Result<(), Duration> {
        match &self.who.shared {
            Some(shared) => shared.check_at(&[key.to_owned()], now_ns).await,
            None => self.who.check(key).await,
        }
    }

    /// Takes one request of `key` (an account, device or payer, as `Who`
    /// names it) from its allowance, or says how long to wait.
    pub async fn check(&self, key: &str) -> Result<(), Duration> {
        self.who.check(key).await
    }

    /// Each of `keys`: the longest wait of those refused. Every key is
    /// counted, refused or not (a request over one person's limit spends the
    /// others' too: they are the same person).
    pub async fn check_all(&self, keys: &[Who<'_>]) -> Result<(), Duration> {
        let mut keys: Vec<String> = keys.iter().map(Who::key).collect();
        // In one order, so two requests counting the same keys in the
        // database never each hold a row the other waits for.
        keys.sort_unstable();
        keys.dedup();
        keys.truncate(MAX_KEYS);
        self.who.check_many(&keys).await
    }

    /// The address's backstop.
    pub async fn check_address(&self, client: IpAddr) -> Result<(), Duration> {
        self.address.check(&format!("addr:{client}")).await
    }

    /// Drops the state of clients not seen lately (call now and then).
    pub fn forget_idle(&self) {
        self.who.limiter.retain_recent();
        self.address.limiter.retain_recent();
    }

    fn is_trusted(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.trusted.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: the peer, unless the peer is a trusted proxy;
    /// then the right-most X-Forwarded-For address that is not one.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.is_trusted(peer) {
            return peer;
        }
        let hops: Vec<IpAddr> = forwarded_for
            .iter()
            .flat_map(|h| h.split(','))
            .filter_map(|a| a.trim().parse().ok())
            .collect();
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            client = hop;
            if !self.is_trusted(hop) {
                break;
            }
        }
        client
    }

    /// The key the request's client address is limited under.
    pub fn client_of(&self, req: &axum::extract::Request) -> IpAddr {
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        self.key_for(peer, req.headers())
    }

    /// The key a request's client is limited under (peer, proxies, /64).
    pub fn key_for(&self, peer: Option<IpAddr>, headers: &axum::http::HeaderMap) -> IpAddr {
        client_key(self.client_ip(peer, headers))
    }

    /// The client's address (peer, or past trusted proxies).
    pub fn client_ip(&self, peer: Option<IpAddr>, headers: &axum::http::HeaderMap) -> IpAddr {
        // In-process (tests) there is no peer: all share one address.
        let peer = peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        self.client(peer, &forwarded)
    }
}

impl Default for Throttle {
    /// Ten orders or payments at once, then one every six seconds.
    fn default() -> Self {
        Self::new(10, 10, Vec::new())
    }
}

/// Whom a request is counted against.
#[derive(Clone, Copy, Debug)]
pub enum Who<'a> {
    Account(i64),
    /// The shop's device cookie (auth/device.rs).
    Device(&'a str),
    /// A client that brought no device: its address stands for one.
    Cookieless(IpAddr),
    /// The payer, by the hash of their ID number.
    Payer(&'a str),
}

impl Who<'_> {
    fn key(&self) -> String {
        match self {
            Who::Account(id) => format!("acct:{id}"),
            Who::Device(id) => format!("dev:{id}"),
            Who::Cookieless(ip) => format!("nodev:{ip}"),
            Who::Payer(hash) => format!("payer:{hash}"),
        }
    }
}

/// 429 with the wait (Retry-After, rounded up to whole seconds).
pub fn refused(wait: Duration) -> ApiError {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut e = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::RateLimited,
        format!("too many orders, payments or sign-ins; retry in {secs} s"),
    );
    e.retry_after = Some(secs.max(1));
    e
}

/// The limit in the database: GCRA, one row per client holding its
/// theoretical arrival time (ns). A request is let through when that time is
/// no further ahead than the burst allows, and moves it on by one interval;
/// one statement, so replicas never both take the last slot. A request's
/// time never goes back (`seen`: the latest time the row was asked at): under
/// load a request could reach the row after another that read its clock
/// later, and measured from its older time the allowance looked spent (on
/// PostgreSQL the time is the database's own, read once it has the row).
#[derive(Clone)]
struct Shared {
    pool: sqlx::AnyPool,
    interval_ns: i64,
    tolerance_ns: i64,
    postgres: bool,
    /// The statement for one key, two, …: made once (every order and
    /// payment runs one).
    sql: Arc<[String]>,
}

#[derive(sqlx::FromRow)]
struct Taken {
    tat: i64,
    ok: i64,
    seen: i64,
}

impl Shared {
    async fn check(&self, keys: &[String]) -> Result<(), Duration> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
        self.check_at(keys, i64::try_from(now).unwrap_or(i64::MAX))
            .await
    }

    /// The statement. PostgreSQL reads its own clock when it has the row
    /// (after any wait for it), so requests are measured in the order they
    /// are counted, and every process by one clock; SQLite (one process)
    /// takes ours.
    fn sql(postgres: bool, greatest: &str, keys: usize) -> String {
        let p = |i: usize| format!("${}", keys + i);
        let (at, interval, tolerance) = if postgres {
            (
                "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000000)::BIGINT".to_owned(),
                p(1),
                p(2),
            )
        } else {
            (p(1), p(2), p(3))
        };
        let now = format!("{greatest}({at}, throttle.seen)");
        let rows = (1..=keys)
            .map(|k| format!("(${k}, {at} + {interval}, 1, {at})"))
            .collect::<Vec<_>>()
            .join(", ");
        // SET sees the row as it was: `ok` says whether this request was let through.
        format!(
            "INSERT INTO throttle (client, tat, ok, seen) VALUES {rows}
             ON CONFLICT (client) DO UPDATE SET
                tat = CASE WHEN throttle.tat > {now} + {tolerance} THEN throttle.tat
                           WHEN throttle.tat > {now} THEN throttle.tat + {interval}
                           ELSE {now} + {interval} END,
                ok = CASE WHEN throttle.tat > {now} + {tolerance} THEN 0 ELSE 1 END,
                seen = {now}
             RETURNING tat, ok, seen"
        )
    }

    async fn check_at(&self, keys: &[String], now: i64) -> Result<(), Duration> {
        let Some(sql) = keys.len().checked_sub(1).and_then(|i| self.sql.get(i)) else {
            return Ok(());
        };
        let mut query = sqlx::query_as::<_, Taken>(sql);
        for key in keys {
            query = query.bind(key);
        }
        if !self.postgres {
            query = query.bind(now);
        }
        let rows: Result<Vec<Taken>, sqlx::Error> = query
            .bind(self.interval_ns)
            .bind(self.tolerance_ns)
            .fetch_all(&self.pool)
            .await;
        match rows {
            Ok(rows) => rows
                .iter()
                .filter(|t| t.ok != 1)
                .map(|t| {
                    Duration::from_nanos(
                        u64::try_from(t.tat - self.tolerance_ns - t.seen).unwrap_or(1),
                    )
                })
                .max()
                .map_or(Ok(()), Err),
            Err(err) => {
                // The database is where orders go too: a failure here is theirs to report.
                tracing::warn!("shared rate limit: {err}");
                Ok(())
            }
        }
    }
}

/// Forgets clients whose allowance is whole again (the leader, now and then).
/// On PostgreSQL a row being counted now is skipped, not waited for: the
/// count locks its clients' rows in key order, a plain `DELETE` in the order
/// it finds them, and the two could deadlock (db.rs, `forget_marks`).
pub async fn forget_idle_shared(pool: &sqlx::AnyPool) -> Result<u64, sqlx::Error> {
    use crate::infra::db::{backend, Backend};
    let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1_000_000_000;
    let sql = match backend(pool) {
        Backend::Sqlite => "DELETE FROM throttle WHERE tat < $1",
        Backend::Postgres => {
            "DELETE FROM throttle WHERE client IN \
             (SELECT client FROM throttle WHERE tat < $1 FOR UPDATE SKIP LOCKED)"
        }
    };
    Ok(sqlx::query(sql)
        .bind(now - 3_600_000_000_000)
        .execute(pool)
        .await?
        .rows_affected())
}

/// Runs forever, forgetting idle clients every minute so memory stays bounded.
pub async fn sweep(t: Throttle) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        t.forget_idle();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn the_client_is_the_right_most_address_that_is_not_our_proxy() {
        let proxies = parse_proxies("10.0.0.0/8, 127.0.0.1").unwrap_or_default();
        let t = Throttle::new(1, 1, proxies);
        // A client writes its own X-Forwarded-For to look like someone else:
        // the proxy appends the address it really saw, and that one counts.
        assert_eq!(
            t.client(ip("10.0.0.2"), &["6.6.6.6, 203.0.113.9"]),
            ip("203.0.113.9")
        );
        // Two proxies of ours in a row are skipped.
        assert_eq!(
            t.client(ip("127.0.0.1"), &["198.51.100.7, 10.1.2.3"]),
            ip("198.51.100.7")
        );
        // Several headers count as one list, in order.
        assert_eq!(
            t.client(ip("10.0.0.2"), &["1.1.1.1", "198.51.100.8"]),
            ip("198.51.100.8")
        );
        // A peer that is not a proxy of ours is the client, whatever it sends.
        assert_eq!(
            t.client(ip("192.0.2.1"), &["198.51.100.7"]),
            ip("192.0.2.1")
        );
        // Garbage is skipped; nothing usable leaves the proxy itself.
        assert_eq!(t.client(ip("10.0.0.2"), &["not-an-ip"]), ip("10.0.0.2"));
        assert!(parse_proxies("10.0.0.0/8, nonsense").is_err());
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64() {
        assert_eq!(
            client_key(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd")),
            ip("2001:db8:1:2::")
        );
        assert_eq!(
            client_key(ip("2001:db8:1:2::1")),
            client_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(
            client_key(ip("2001:db8:1:2::1")),
            client_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(client_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(client_key(ip("192.0.2.1")), ip("192.0.2.1"));
    }
}
