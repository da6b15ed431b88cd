//! What Alipay signs: the "pre-sign string" of a request's or a
//! notification's parameters (docs/PAYMENTS.md, Alipay's "Digital
//! signature"): every parameter but `sign` and `sign_type` that has a value,
//! sorted by name, as `name=value` joined by `&`, values as they are (not
//! URL-encoded). RSA2 signs that string with SHA256withRSA.

/// The pre-sign string of `params`.
pub fn presign<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut kept: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(k, v)| *k != "sign" && *k != "sign_type" && !v.is_empty())
        .collect();
    kept.sort_unstable();
    kept.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::presign;

    /// The example in Alipay's "Digital signature" guide (docs/PAYMENTS.md).
    #[test]
    fn alipays_documented_example() {
        let params = [
            ("service", "create_forex_trade"),
            ("partner", "2088101568338364"),
            ("_input_charset", "gbk"),
            ("return_url", "http://www.test.com/alipay/return_url.asp"),
            ("out_trade_no", "6741334835157966"),
            ("subject", "test"),
            ("payment_type", "1"),
            ("seller_email", "alipay-test01@alipay.com"),
            ("total_fee", "100"),
            ("sign", "e5815a4556db338ed237f7d3fd222184"),
            ("sign_type", "RSA2"),
        ];
        assert_eq!(
            presign(params),
            "_input_charset=gbk&out_trade_no=6741334835157966&partner=2088101568338364&payment_type=1\
             &return_url=http://www.test.com/alipay/return_url.asp&seller_email=alipay-test01@alipay.com\
             &service=create_forex_trade&subject=test&total_fee=100"
        );
    }

    #[test]
    fn empty_values_are_not_signed() {
        assert_eq!(presign([("b", "2"), ("a", ""), ("c", "x y")]), "b=2&c=x y");
    }
}
