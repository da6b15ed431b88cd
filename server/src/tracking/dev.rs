//! Development's tracking provider: a parcel moves through the events a
//! parcel from a US farm to a Chinese door passes (picked up, flown,
//! cleared at Shanghai, sorted, out for delivery, signed for), each at its
//! hour after the parcel left, as the shop's clock moves, `speed` times
//! faster than real time. Nothing here is a carrier's word: production
//! refuses this provider (`tracking::from_env`).

use haitao_core::tracking::{TrackEvent, TrackState};

use super::{ParcelRef, TrackingError, TrackingProvider};
use crate::infra::clock::{self, Clock};

/// A tracking hour per real minute: `make run` sees a parcel delivered in
/// an afternoon.
pub const DEFAULT_SPEED: u32 = 60;

pub struct DevTracking {
    clock: Clock,
    speed: u32,
}

impl DevTracking {
    pub fn new(clock: Clock, speed: u32) -> Self {
        Self { clock, speed }
    }
}

/// The script: hours after leaving, the state, the carrier's words (as a
/// Chinese carrier writes them), the place.
fn script(p: &ParcelRef) -> Vec<(i64, TrackState, String, String)> {
    let (en, zh) = p.carrier.names();
    let origin = if p.origin.is_empty() {
        "US"
    } else {
        p.origin.as_str()
    };
    vec![
        (
            2,
            TrackState::Collected,
            format!("{zh}（{en}）已揽收，运单号 {}", p.waybill),
            format!("{origin}, USA"),
        ),
        (
            10,
            TrackState::InTransit,
            "快件已到达洛杉矶国际处理中心".into(),
            "Los Angeles, CA, USA".into(),
        ),
        (
            20,
            TrackState::InTransit,
            "快件已离开洛杉矶，发往中国上海".into(),
            "Los Angeles, CA, USA".into(),
        ),
        (
            34,
            TrackState::InTransit,
            "航班已抵达上海浦东国际机场".into(),
            "上海市".into(),
        ),
        (
            40,
            TrackState::Customs,
            "快件已到达上海海关，进口清关中".into(),
            "上海市".into(),
        ),
        (
            52,
            TrackState::InTransit,
            "清关完成，已交国内快递派送".into(),
            "上海市".into(),
        ),
        (
            70,
            TrackState::InTransit,
            format!("快件已到达【{}】转运中心", p.to),
            p.to.clone(),
        ),
        (
            88,
            TrackState::OutForDelivery,
            "快递员正在派送，请保持电话畅通".into(),
            p.to.clone(),
        ),
        (
            96,
            TrackState::Delivered,
            "已签收，签收人：本人。感谢使用，期待再次为您服务".into(),
            p.to.clone(),
        ),
    ]
}

#[async_trait::async_trait]
impl TrackingProvider for DevTracking {
    fn name(&self) -> &'static str {
        "development"
    }

    fn pushes(&self) -> bool {
        false
    }

    async fn subscribe(&self, _p: &ParcelRef) -> Result<(), TrackingError> {
        Ok(())
    }

    async fn query(&self, p: &ParcelRef) -> Result<Vec<TrackEvent>, TrackingError> {
        let left = clock::parse(&p.shipped_at)
            .ok_or_else(|| TrackingError(format!("parcel {}: no time it left", p.id)))?;
        let now = self.clock.now();
        // Tracking hours passed: real seconds × speed ÷ 3600.
        let passed = (now - left).whole_seconds() * i64::from(self.speed);
        Ok(script(p)
            .into_iter()
            .filter(|(h, ..)| h * 3600 <= passed)
            .map(|(h, state, text, place)| TrackEvent {
                // On the shop's clock: the hour, sped up.
                at: clock::stamp(left + time::Duration::seconds(h * 3600 / i64::from(self.speed))),
                state,
                text,
                place: Some(place),
            })
            .rev()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use haitao_core::carriers::Carrier;

    fn parcel(shipped_at: String) -> ParcelRef {
        ParcelRef {
            id: 1,
            carrier: Carrier::Ups,
            waybill: "1Z999AA10123456784".into(),
            shipped_at,
            phone_tail: "8000".into(),
            to: "上海市市辖区浦东新区".into(),
            origin: "CA".into(),
        }
    }

    #[tokio::test]
    async fn a_parcel_moves_as_the_clock_does_and_arrives() {
        let clock = Clock::default();
        let dev = DevTracking::new(clock.clone(), 1);
        let p = parcel(clock.stamp());
        assert!(
            dev.query(&p).await.unwrap_or_default().is_empty(),
            "nothing in the first hour"
        );
        clock.advance(std::time::Duration::from_secs(41 * 3600));
        let events = dev.query(&p).await.unwrap_or_default();
        assert_eq!(events.len(), 5);
        assert_eq!(events[0].state, TrackState::Customs, "newest first");
        assert!(events.windows(2).all(|w| w[0].at > w[1].at));
        clock.advance(std::time::Duration::from_secs(60 * 3600));
        let events = dev.query(&p).await.unwrap_or_default();
        assert_eq!(events[0].state, TrackState::Delivered);
        // The same question, the same answer: recording it twice adds nothing.
        assert_eq!(events, dev.query(&p).await.unwrap_or_default());
    }

    #[tokio::test]
    async fn speed_makes_hours_of_seconds() {
        let clock = Clock::default();
        let dev = DevTracking::new(clock.clone(), 3600);
        let p = parcel(clock.stamp());
        clock.advance(std::time::Duration::from_secs(96));
        let events = dev.query(&p).await.unwrap_or_default();
        assert_eq!(events.len(), 9);
    }
}
