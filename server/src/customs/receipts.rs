//! Customs' answers to the declarations, as the single window returns them
//! (docs/CUSTOMS.md "Receipts"): CEB312, the order's return receipt
//! (`OrderReturn`, by `orderNo`), and CEB622, the inventory list's
//! (`InventoryReturn`, by `copNo`, which the shop's declaring agent sets to
//! the order's number). Read by namespace and local name (customs' receipts
//! come without a prefix), bare or in the transfer client's `DxpMsg`
//! envelope (its `Data` Base64). What each status means is customs'
//! (XSD 202205); which of them end an order is the shop's reading, as
//! `outcome` says.

use base64::Engine;

/// Customs' namespace of the business messages.
const CEB: &str = "http://www.chinaport.gov.cn/ceb";
/// The transfer client's envelope.
const DXP: &str = "http://www.chinaport.gov.cn/dxp";

/// Which declaration a receipt answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// CEB312, the order (CEB311).
    Order,
    /// CEB622, the inventory list (CEB621).
    Inventory,
}

impl Message {
    pub fn as_str(self) -> &'static str {
        match self {
            Message::Order => "CEB312",
            Message::Inventory => "CEB622",
        }
    }
}

/// One return, as customs wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub message: Message,
    /// The shop's order number (CEB312 `orderNo`; CEB622 `copNo`).
    pub order: String,
    pub status: i64,
    /// `returnTime` as written (YYYYMMDDhhmmssSSS; 14 digits in older
    /// files), so that text order is time order once padded (`time_key`).
    pub time: String,
    pub info: String,
}

impl Receipt {
    /// Its time, padded to 17 digits: comparable across both widths.
    pub fn time_key(&self) -> String {
        format!("{:0<17}", self.time)
    }
}

/// What a receipt does to the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Released (CEB622 800 放行, 899 结关).
    Cleared,
    /// Refused (CEB312 100 海关退单; CEB622 100 退单, 700 退运): refunded.
    Refused,
    /// Detained, or not sent to customs (CEB622 501-599 扣留, 4 发送海关失败,
    /// below 0 处理异常): the operator must look; the order waits.
    Attention,
    /// On its way (暂存, 申报中, 入库, 人工审核, 审结, 查验).
    Progress,
}

/// The shop's reading of a status (no customs document marks one final;
/// docs/CUSTOMS.md "Receipts" says whose practice each follows).
pub fn outcome(message: Message, status: i64) -> Outcome {
    match (message, status) {
        (_, s) if s < 0 => Outcome::Attention,
        (_, 4) => Outcome::Attention,
        (_, 100) => Outcome::Refused,
        (Message::Inventory, 700) => Outcome::Refused,
        (Message::Inventory, 800 | 899) => Outcome::Cleared,
        (Message::Inventory, 501..=599) => Outcome::Attention,
        _ => Outcome::Progress,
    }
}

/// A file that is not a receipt the shop reads.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unreadable(pub String);

/// The returns in one file's text: a CEB312 or CEB622 message, bare or in a
/// `DxpMsg` envelope. Anything else (CEB900, another message) is
/// `Unreadable`, said to the operator.
pub fn parse(text: &str) -> Result<Vec<Receipt>, Unreadable> {
    let doc = roxmltree::Document::parse(text.trim_start_matches('\u{feff}'))
        .map_err(|e| Unreadable(format!("not XML: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().namespace() == Some(DXP) && root.tag_name().name() == "DxpMsg" {
        let data = root
            .descendants()
            .find(|n| n.tag_name().name() == "Data")
            .and_then(|n| n.text())
            .ok_or_else(|| Unreadable("a DxpMsg without Data".into()))?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.split_whitespace().collect::<String>())
            .map_err(|_| Unreadable("a DxpMsg whose Data is not Base64".into()))?;
        let inner = String::from_utf8(bytes)
            .map_err(|_| Unreadable("a DxpMsg whose message is not UTF-8".into()))?;
        return parse(&inner);
    }
    if root.tag_name().namespace() != Some(CEB) {
        return Err(Unreadable(format!(
            "<{}> is not a customs message",
            root.tag_name().name()
        )));
    }
    let (message, entry, order_field) = match root.tag_name().name() {
        "CEB312Message" => (Message::Order, "OrderReturn", "orderNo"),
        "CEB622Message" => (Message::Inventory, "InventoryReturn", "copNo"),
        other => return Err(Unreadable(format!("{other} is not a receipt read here"))),
    };
    let field = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.tag_name().namespace() == Some(CEB) && c.tag_name().name() == name)
            .and_then(|c| c.text())
            .map(|t| t.trim().to_owned())
            .unwrap_or_default()
    };
    root.children()
        .filter(|n| n.tag_name().namespace() == Some(CEB) && n.tag_name().name() == entry)
        .map(|n| {
            let status = field(n, "returnStatus");
            Ok(Receipt {
                message,
                order: field(n, order_field),
                status: status
                    .parse()
                    .map_err(|_| Unreadable(format!("returnStatus {status:?} is not a number")))?,
                time: field(n, "returnTime"),
                info: field(n, "returnInfo"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Customs' own sample (202205, 进口样例/CEB312Message.xml), one return.
    const CEB312: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CEB312Message xmlns="http://www.chinaport.gov.cn/ceb" guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94" version="1.0">
    <OrderReturn>
        <guid>4CDE1CFD-EDED-46B1-946C-B8022E42FC94</guid>
        <ebpCode>1105910159</ebpCode>
        <ebcCode>1105910159</ebcCode>
        <orderNo>order20160321116420545</orderNo>
        <returnStatus>2</returnStatus>
        <returnTime>20160428182238000</returnTime>
        <returnInfo>新增申报成功[4CDE1CFD-EDED-46B1-946C-B8022E42FC94]</returnInfo>
    </OrderReturn>
</CEB312Message>"#;

    /// An inventory's return as a declaration system keeps one (with invtNo).
    const CEB622: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<CEB622Message version="1.0" xmlns="http://www.chinaport.gov.cn/ceb" guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94">
    <InventoryReturn>
        <guid>4CDE1CFD-EDED-46B1-946C-B8022E42FC94</guid>
        <customsCode>1501</customsCode>
        <agentCode>1105980159</agentCode>
        <copNo>HT202612070001</copNo>
        <preNo>B20181113676723229</preNo>
        <invtNo>90072018I735812360</invtNo>
        <returnStatus>800</returnStatus>
        <returnTime>20181113172457606</returnTime>
        <returnInfo>[Code:2600;Desc:放行]</returnInfo>
    </InventoryReturn>
</CEB622Message>"#;

    #[test]
    fn customs_own_order_receipt_reads() {
        let r = parse(CEB312).unwrap_or_default();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].message, Message::Order);
        assert_eq!(r[0].order, "order20160321116420545");
        assert_eq!((r[0].status, r[0].time.as_str()), (2, "20160428182238000"));
        assert_eq!(outcome(Message::Order, r[0].status), Outcome::Progress);
    }

    #[test]
    fn an_inventory_receipt_reads_by_its_cop_no_bare_or_enveloped() {
        let r = parse(CEB622).unwrap_or_default();
        assert_eq!((r[0].order.as_str(), r[0].status), ("HT202612070001", 800));
        let data = base64::engine::general_purpose::STANDARD.encode(CEB622);
        let wrapped = format!(
            r#"<dxp:DxpMsg xmlns:dxp="http://www.chinaport.gov.cn/dxp" ver="1.0"><dxp:TransInfo><dxp:MsgType>CEB622Message</dxp:MsgType></dxp:TransInfo><dxp:Data>{data}</dxp:Data></dxp:DxpMsg>"#
        );
        assert_eq!(parse(&wrapped).unwrap_or_default(), r);
    }

    #[test]
    fn statuses_read_as_the_shop_acts_on_them() {
        use Message::*;
        assert_eq!(outcome(Inventory, 800), Outcome::Cleared);
        assert_eq!(outcome(Inventory, 899), Outcome::Cleared);
        assert_eq!(outcome(Inventory, 100), Outcome::Refused);
        assert_eq!(outcome(Inventory, 700), Outcome::Refused);
        assert_eq!(outcome(Order, 100), Outcome::Refused);
        assert_eq!(
            outcome(Order, 800),
            Outcome::Progress,
            "an order is never released"
        );
        assert_eq!(outcome(Inventory, 502), Outcome::Attention);
        assert_eq!(outcome(Order, -301010), Outcome::Attention);
        assert_eq!(outcome(Inventory, 4), Outcome::Attention);
        assert_eq!(outcome(Inventory, 120), Outcome::Progress);
    }

    #[test]
    fn other_files_are_said_to_be_unreadable() {
        assert!(parse("not xml").is_err());
        assert!(parse(r#"<CEB900Message xmlns="http://www.chinaport.gov.cn/ceb"/>"#).is_err());
        assert!(parse(r#"<CEB312Message xmlns="urn:other"/>"#).is_err());
        let bad = CEB312.replace("<returnStatus>2<", "<returnStatus>two<");
        assert!(parse(&bad).is_err());
        // Older files write the time with 14 digits: still in order.
        let old = Receipt {
            time: "20160428182238".into(),
            ..parse(CEB312).unwrap_or_default()[0].clone()
        };
        assert!(old.time_key().as_str() < "20160428182238001");
    }
}
