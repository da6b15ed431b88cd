//! What the payment providers and the shopper's browser call around a
//! payment: the providers' notifications, the pages that hand the shopper to
//! Alipay or WeChat Pay and back, and the development sandbox's page.

pub mod alipay;
pub mod sandbox;
pub mod wechat;
