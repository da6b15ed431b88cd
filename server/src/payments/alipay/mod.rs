//! Alipay's cross-border online payment for mobile websites
//! (`create_forex_trade_wap`, docs/PAYMENTS.md).

pub mod sign;
