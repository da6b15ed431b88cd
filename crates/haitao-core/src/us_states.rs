//! The fifty states and the District of Columbia, by USPS code: a product's
//! origin and a seller's home state are one of these.

pub const US_STATES: [&str; 51] = [
    "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN",
    "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ",
    "NM", "NV", "NY", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA",
    "WI", "WV", "WY",
];

pub fn is_us_state(code: &str) -> bool {
    US_STATES.binary_search(&code).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_known_codes_pass() {
        assert!(
            US_STATES.windows(2).all(|w| w[0] < w[1]),
            "binary search needs order"
        );
        assert!(is_us_state("WA") && is_us_state("DC") && is_us_state("WY"));
        assert!(!is_us_state("wa") && !is_us_state("XX") && !is_us_state(""));
    }
}
