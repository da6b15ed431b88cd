//! A parcel's way to the door as its carrier reports it, and the order's
//! timeline built from it: one rule, drawn by the order page and tested here.

use serde::{Deserialize, Serialize};

/// Where a parcel stands, as the carrier's event says (Kuaidi100's basic
/// states, docs/SHIPPING.md "Tracking").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrackState {
    /// The carrier has it (揽收).
    Collected,
    /// On its way (在途, 转投).
    InTransit,
    /// At customs, on arrival (清关).
    Customs,
    /// With the courier at the last mile (派件).
    OutForDelivery,
    /// Signed for (签收).
    Delivered,
    /// Something is wrong: lost, refused, held (疑难, 拒签).
    Problem,
    /// On its way back to the sender (退回, 退签).
    Returned,
}

impl TrackState {
    pub const ALL: [TrackState; 7] = [
        TrackState::Collected,
        TrackState::InTransit,
        TrackState::Customs,
        TrackState::OutForDelivery,
        TrackState::Delivered,
        TrackState::Problem,
        TrackState::Returned,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            TrackState::Collected => "collected",
            TrackState::InTransit => "in_transit",
            TrackState::Customs => "customs",
            TrackState::OutForDelivery => "out_for_delivery",
            TrackState::Delivered => "delivered",
            TrackState::Problem => "problem",
            TrackState::Returned => "returned",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// One event of a parcel, in the carrier's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackEvent {
    /// RFC 3339, UTC.
    pub at: String,
    pub state: TrackState,
    /// What the carrier wrote, as it wrote it.
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// When the order passed each of its own steps (RFC 3339); the parcels carry
/// theirs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Steps {
    #[serde(default)]
    pub declared_at: Option<String>,
    #[serde(default)]
    pub cleared_at: Option<String>,
    /// When the last parcel left.
    #[serde(default)]
    pub shipped_at: Option<String>,
    /// When the last parcel was signed for.
    #[serde(default)]
    pub delivered_at: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
    /// Until when the shopper may ask for money back for part of the order
    /// (after delivery only).
    #[serde(default)]
    pub aftersales_until: Option<String>,
}

/// One line of the order's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Paid,
    Declared,
    Cleared,
    /// A parcel left (its index in the order's parcels).
    Shipped(usize),
    /// A carrier's event of a parcel.
    Event(usize, TrackEvent),
    /// The parcel was signed for, with no carrier's word of it (the shopper
    /// confirmed receipt).
    Received(usize),
    Delivered,
    Completed,
}

/// The order's timeline, newest first: the order's steps, each parcel's
/// leaving and its carrier's events, by time (RFC 3339 UTC stamps sort as
/// text). At one time, the later step comes first.
pub fn timeline(
    paid_at: Option<&str>,
    steps: &Steps,
    parcels: &[crate::seller::Parcel],
) -> Vec<(String, Entry)> {
    let mut all: Vec<(String, u8, Entry)> = Vec::new();
    let mut put = |at: &Option<String>, rank: u8, e: Entry| {
        if let Some(at) = at {
            all.push((at.clone(), rank, e));
        }
    };
    put(&paid_at.map(str::to_owned), 0, Entry::Paid);
    put(&steps.declared_at, 1, Entry::Declared);
    put(&steps.cleared_at, 2, Entry::Cleared);
    for (i, p) in parcels.iter().enumerate() {
        put(&Some(p.shipped_at.clone()), 3, Entry::Shipped(i));
        for e in &p.events {
            put(&Some(e.at.clone()), 4, Entry::Event(i, e.clone()));
        }
        let carrier_said = p.events.iter().any(|e| e.state == TrackState::Delivered);
        if !carrier_said {
            put(&p.delivered_at, 5, Entry::Received(i));
        }
    }
    put(&steps.delivered_at, 6, Entry::Delivered);
    put(&steps.completed_at, 7, Entry::Completed);
    all.sort_by(|a, b| (&b.0, b.1).cmp(&(&a.0, a.1)));
    all.into_iter().map(|(at, _, e)| (at, e)).collect()
}

/// The latest step of a parcel, for its line in the order: the newest
/// event's state, or none before the carrier has said anything.
pub fn latest(events: &[TrackEvent]) -> Option<&TrackEvent> {
    events.iter().max_by(|a, b| a.at.cmp(&b.at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carriers::Carrier;
    use crate::seller::Parcel;

    fn event(at: &str, state: TrackState) -> TrackEvent {
        TrackEvent {
            at: at.into(),
            state,
            text: format!("{} at {at}", state.as_str()),
            place: None,
        }
    }

    fn parcel(shipped: &str, events: Vec<TrackEvent>, delivered: Option<&str>) -> Parcel {
        Parcel {
            id: 1,
            carrier: Carrier::Ups,
            waybill: "1Z999AA10123456784".into(),
            shipped_at: shipped.into(),
            lines: vec![],
            events,
            delivered_at: delivered.map(Into::into),
        }
    }

    #[test]
    fn the_timeline_is_newest_first_across_parcels_and_steps() {
        let steps = Steps {
            declared_at: Some("2026-12-01T02:00:00Z".into()),
            cleared_at: Some("2026-12-03T00:00:00Z".into()),
            delivered_at: Some("2026-12-05T00:00:00Z".into()),
            ..Default::default()
        };
        let parcels = [
            parcel(
                "2026-12-02T00:00:00Z",
                vec![
                    event("2026-12-05T00:00:00Z", TrackState::Delivered),
                    event("2026-12-02T05:00:00Z", TrackState::Collected),
                ],
                Some("2026-12-05T00:00:00Z"),
            ),
            parcel("2026-12-02T01:00:00Z", vec![], Some("2026-12-04T00:00:00Z")),
        ];
        let t = timeline(Some("2026-12-01T00:00:00Z"), &steps, &parcels);
        let kinds: Vec<String> = t
            .iter()
            .map(|(at, e)| format!("{at} {e:?}").chars().take(34).collect())
            .collect();
        assert_eq!(t.len(), 9, "{kinds:#?}");
        // At one time, the order's step (delivered) above the carrier's event.
        assert_eq!(t[0].1, Entry::Delivered);
        assert!(matches!(t[1].1, Entry::Event(0, ref e) if e.state == TrackState::Delivered));
        // The second parcel was confirmed by the shopper: no carrier's word of it.
        assert_eq!(t[2].1, Entry::Received(1));
        assert_eq!(t[3].1, Entry::Cleared);
        assert!(matches!(t[4].1, Entry::Event(0, ref e) if e.state == TrackState::Collected));
        assert_eq!(t[5].1, Entry::Shipped(1));
        assert_eq!(t[6].1, Entry::Shipped(0));
        assert_eq!(t[7].1, Entry::Declared);
        assert_eq!(t[8].1, Entry::Paid);
        // Newest first, always.
        assert!(t.windows(2).all(|w| w[0].0 >= w[1].0));
    }

    #[test]
    fn an_order_not_yet_paid_has_no_timeline() {
        assert!(timeline(None, &Steps::default(), &[]).is_empty());
    }

    #[test]
    fn the_latest_event_is_the_newest_whatever_order_they_came_in() {
        let events = [
            event("2026-12-02T05:00:00Z", TrackState::InTransit),
            event("2026-12-04T05:00:00Z", TrackState::OutForDelivery),
            event("2026-12-03T05:00:00Z", TrackState::Customs),
        ];
        assert_eq!(
            latest(&events).map(|e| e.state),
            Some(TrackState::OutForDelivery)
        );
        assert_eq!(latest(&[]), None);
    }
}
