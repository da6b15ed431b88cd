//! WeChat Pay API v3: H5 in a phone's browser, JSAPI inside WeChat, Native
//! (QR code) on a desktop (docs/PAYMENTS.md).

pub mod sign;
