//! Every setting the server reads from its environment beside the command
//! line's own (`config.rs`, clap with `env`): one list, which
//! `haitao-server --help` prints and a test holds the code to (every
//! `HAITAO_*` the code names is here or a command-line argument; each one
//! here is read somewhere). Each group is configured whole or not at all.

pub struct Group {
    pub title: &'static str,
    pub settings: &'static [(&'static str, &'static str)],
}

pub const GROUPS: [Group; 7] = [
    Group {
        title: "Mode",
        settings: &[
            ("HAITAO_ENV", "`development` (the default) or `production`, which refuses every development convenience"),
            ("HAITAO_SANDBOX_ADVANCE_SECS", "development: seconds before the sandbox moves a paid order on (customs, shipping)"),
        ],
    },
    Group {
        title: "SMS (sign-in codes and notices)",
        settings: &[
            ("HAITAO_SMS", "`development` (messages in the log and /api/dev/sms; refused in production) or `aliyun`"),
            ("HAITAO_ALIYUN_ACCESS_KEY_ID", "Aliyun SMS AccessKey id"),
            ("HAITAO_ALIYUN_ACCESS_KEY_SECRET", "Aliyun SMS AccessKey secret"),
            ("HAITAO_ALIYUN_SMS_SIGN_NAME", "the approved signature"),
            ("HAITAO_ALIYUN_SMS_TEMPLATE_CODE", "the sign-in code template, with a ${code} variable"),
            ("HAITAO_ALIYUN_SMS_TEMPLATE_ANSWER", "the notice \"a seller answered your question\" (no variables)"),
            ("HAITAO_ALIYUN_SMS_TEMPLATE_HARVEST", "the notice \"the harvest you asked about is on sale\" (no variables)"),
            ("HAITAO_ALIYUN_SMS_TEMPLATE_SHIPPED", "the notice \"your order has shipped\" (no variables)"),
            ("HAITAO_ALIYUN_SMS_TEMPLATE_DELIVERED", "the notice \"your order was delivered\" (no variables)"),
            ("HAITAO_ALIYUN_SMS_TEMPLATE_CUSTOMS_REFUSED", "the notice \"customs refused your order; it is refunded\" (no variables)"),
            ("HAITAO_ALIYUN_SMS_TEMPLATE_AFTERSALES", "the notice \"your after-sales request was decided\" (no variables)"),
            ("HAITAO_ALIYUN_SMS_TEMPLATE_BACK_IN_STOCK", "the notice \"the sold-out product you asked about is back\" (no variables)"),
            ("HAITAO_ALIYUN_SMS_TEMPLATE_PRESALE_UNFILLED", "the notice \"the seller cannot fill your pre-sale; it is refunded\" (no variables)"),
            ("HAITAO_ALIYUN_SMS_ENDPOINT", "optional: the API's address (https in production)"),
        ],
    },
    Group {
        title: "Tracking (where parcels are)",
        settings: &[
            ("HAITAO_TRACKING", "`development` (parcels move by a script; refused in production) or `kuaidi100`"),
            ("HAITAO_DEV_TRACKING_SPEED", "development: how many times faster than real time the scripted parcels move (default 60)"),
            ("HAITAO_KUAIDI100_KEY", "Kuaidi100's 授权key (tracking)"),
            ("HAITAO_KUAIDI100_CUSTOMER", "Kuaidi100's 公司编号, customer (tracking's query)"),
            ("HAITAO_KUAIDI100_URL", "Kuaidi100's API (default https://poll.kuaidi100.com; development: only a local fake)"),
        ],
    },
    Group {
        title: "Mail (sellers' sign-in codes and invitations)",
        settings: &[
            ("HAITAO_MAIL", "`development` (mails kept in the database for /api/dev/mail; refused in production) or `smtp`"),
            ("HAITAO_SMTP_HOST", "the SMTP relay (development: this machine only)"),
            ("HAITAO_SMTP_PORT", "optional: 587 with STARTTLS, 465 with implicit TLS"),
            ("HAITAO_SMTP_TLS", "`starttls` (the default), `implicit`, or `none` (development only)"),
            ("HAITAO_SMTP_USER", "the relay's user name (with HAITAO_SMTP_PASSWORD)"),
            ("HAITAO_SMTP_PASSWORD", "the relay's password"),
            ("HAITAO_SMTP_CA_FILE", "optional: a PEM certificate to trust beside the public roots (a private relay)"),
            ("HAITAO_MAIL_FROM", "the sender, e.g. `haitao <sellers@example.com>`"),
        ],
    },
    Group {
        title: "Alipay (HAITAO_PAYMENTS=alipay, docs/PAYMENTS.md)",
        settings: &[
            ("HAITAO_ALIPAY_PARTNER", "the partner id (2088…)"),
            ("HAITAO_ALIPAY_PRIVATE_KEY_FILE", "the merchant's RSA private key (PEM file)"),
            ("HAITAO_ALIPAY_PUBLIC_KEY", "Alipay's public key (base64 or PEM)"),
            ("HAITAO_ALIPAY_GATEWAY", "optional: the gateway's address"),
            ("HAITAO_ALIPAY_TIMEOUT_RULE", "optional: how long Alipay keeps a payment open (5m … 15d) when enabled for the shop"),
            ("HAITAO_ALIPAY_SETTLEMENT_CURRENCY", "optional: the currency Alipay settles in (USD)"),
        ],
    },
    Group {
        title: "WeChat Pay (HAITAO_PAYMENTS=wechat, docs/PAYMENTS.md)",
        settings: &[
            ("HAITAO_WECHAT_MCHID", "the merchant id (cross-border: the acquirer's)"),
            ("HAITAO_WECHAT_APPID", "the official account's AppID"),
            ("HAITAO_WECHAT_APP_SECRET", "the official account's AppSecret (the shopper's openid)"),
            ("HAITAO_WECHAT_PRIVATE_KEY_FILE", "the merchant's API private key (PEM file)"),
            ("HAITAO_WECHAT_SERIAL", "that key's certificate serial number"),
            ("HAITAO_WECHAT_PLATFORM_KEY_FILE", "WeChat Pay's public key (PEM file)"),
            ("HAITAO_WECHAT_PLATFORM_KEY_ID", "that key's id (PUB_KEY_ID_…)"),
            ("HAITAO_WECHAT_APIV3_KEY", "the APIv3 key (32 bytes)"),
            ("HAITAO_WECHAT_MODE", "optional: `domestic` (the default) or `global` (with the next three)"),
            ("HAITAO_WECHAT_SUB_MCHID", "global: the shop's sub-merchant id"),
            ("HAITAO_WECHAT_SUB_APPID", "global, optional: the sub-merchant's AppID"),
            ("HAITAO_WECHAT_MCC", "global: the merchant category code"),
            ("HAITAO_WECHAT_SECOND_KEY_FILE", "optional: a second WeChat Pay public key, during a key change"),
            ("HAITAO_WECHAT_SECOND_KEY_ID", "optional: that key's id"),
            ("HAITAO_WECHAT_API", "optional: the API's address"),
            ("HAITAO_WECHAT_OPEN", "optional: the authorization page's address"),
            ("HAITAO_WECHAT_SNS", "optional: the openid exchange's address"),
        ],
    },
    Group {
        title: "Customs (haitao-server customs export, docs/CUSTOMS.md)",
        settings: &[
            ("HAITAO_CUSTOMS_EBP_CODE", "the platform's customs registration code"),
            ("HAITAO_CUSTOMS_EBP_NAME", "the platform's registered name"),
            ("HAITAO_CUSTOMS_EBC_CODE", "the e-commerce enterprise's code"),
            ("HAITAO_CUSTOMS_EBC_NAME", "the e-commerce enterprise's name"),
            ("HAITAO_CUSTOMS_PAY_CODE_ALIPAY", "Alipay's customs code"),
            ("HAITAO_CUSTOMS_PAY_NAME_ALIPAY", "Alipay's registered name"),
            ("HAITAO_CUSTOMS_PAY_CODE_WECHAT", "WeChat Pay's customs code"),
            ("HAITAO_CUSTOMS_PAY_NAME_WECHAT", "WeChat Pay's registered name"),
            ("HAITAO_CUSTOMS_DXP_ID", "the data exchange id the messages are sent under"),
            ("HAITAO_CUSTOMS_SIGNING_KEY_FILE", "the operator's signing key (PEM file), with the next"),
            ("HAITAO_CUSTOMS_SIGNING_CERT_FILE", "its certificate (PEM file)"),
            ("HAITAO_CUSTOMS_LOGISTICS_CODE_USPS", "the customs code of the logistics enterprise clearing USPS parcels, with the next"),
            ("HAITAO_CUSTOMS_LOGISTICS_NAME_USPS", "its registered name"),
            ("HAITAO_CUSTOMS_LOGISTICS_CODE_UPS", "the customs code of the logistics enterprise clearing UPS parcels, with the next"),
            ("HAITAO_CUSTOMS_LOGISTICS_NAME_UPS", "its registered name"),
            ("HAITAO_CUSTOMS_LOGISTICS_CODE_FEDEX", "the customs code of the logistics enterprise clearing FedEx parcels, with the next"),
            ("HAITAO_CUSTOMS_LOGISTICS_NAME_FEDEX", "its registered name"),
            ("HAITAO_CUSTOMS_LOGISTICS_CODE_DHL_EXPRESS", "the customs code of the logistics enterprise clearing DHL Express parcels, with the next"),
            ("HAITAO_CUSTOMS_LOGISTICS_NAME_DHL_EXPRESS", "its registered name"),
            ("HAITAO_CUSTOMS_LOGISTICS_CODE_EMS", "the customs code of the logistics enterprise clearing EMS parcels, with the next"),
            ("HAITAO_CUSTOMS_LOGISTICS_NAME_EMS", "its registered name"),
            ("HAITAO_CUSTOMS_LOGISTICS_CODE_CHINA_POST", "the customs code of the logistics enterprise clearing China Post parcels, with the next"),
            ("HAITAO_CUSTOMS_LOGISTICS_NAME_CHINA_POST", "its registered name"),
            ("HAITAO_CUSTOMS_LOGISTICS_CODE_SF_EXPRESS", "the customs code of the logistics enterprise clearing SF Express parcels, with the next"),
            ("HAITAO_CUSTOMS_LOGISTICS_NAME_SF_EXPRESS", "its registered name"),
            ("HAITAO_CUSTOMS_LOGISTICS_CODE_CAINIAO", "the customs code of the logistics enterprise clearing Cainiao parcels, with the next"),
            ("HAITAO_CUSTOMS_LOGISTICS_NAME_CAINIAO", "its registered name"),
            ("HAITAO_CUSTOMS_SIGNED_BY", "`transfer-client`: the messages are signed by the single window's client on the way out, not here"),
        ],
    },
];

/// The list as `--help` prints it after the command line's own options.
pub fn help() -> String {
    let mut out = String::from("Settings read from the environment (besides the options above):\n");
    for g in &GROUPS {
        out.push_str(&format!("\n{}:\n", g.title));
        for (name, what) in g.settings {
            out.push_str(&format!("  {name}\n      {what}\n"));
        }
    }
    out
}

/// Every name in the list.
pub fn names() -> impl Iterator<Item = &'static str> {
    GROUPS
        .iter()
        .flat_map(|g| g.settings.iter().map(|(n, _)| *n))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every `HAITAO_*` the server's code names is a command-line argument's
    /// environment variable or in the list, and the list names nothing the
    /// code does not read: `--help` tells the whole truth.
    #[test]
    fn the_list_is_every_setting_the_code_reads() {
        let mut named = std::collections::BTreeSet::new();
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut dirs = vec![std::path::PathBuf::from(src)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("settings_list.rs")
                {
                    let text = std::fs::read_to_string(&path).expect("source");
                    for (at, _) in text.match_indices("\"HAITAO_") {
                        let name: String = text[at + 1..]
                            .chars()
                            .take_while(|c| {
                                c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_'
                            })
                            .collect();
                        // A prefix (`"HAITAO_WECHAT_"`) names a group, not a setting.
                        if !name.ends_with('_') {
                            named.insert(name);
                        }
                    }
                }
            }
        }
        let cli = crate::infra::config::Cli::command();
        let mut known: std::collections::BTreeSet<String> =
            super::names().map(str::to_owned).collect();
        let mut args: Vec<&clap::Arg> = cli.get_arguments().collect();
        for sub in cli.get_subcommands() {
            args.extend(sub.get_arguments());
        }
        for a in args {
            if let Some(env) = a.get_env() {
                known.insert(env.to_string_lossy().into_owned());
            }
        }
        let unlisted: Vec<&String> = named.iter().filter(|n| !known.contains(*n)).collect();
        assert!(unlisted.is_empty(), "read but not in --help: {unlisted:?}");
        let unread: Vec<&str> = super::names().filter(|n| !named.contains(*n)).collect();
        assert!(unread.is_empty(), "in --help but never read: {unread:?}");
    }

    #[test]
    fn help_names_every_setting() {
        let text = super::help();
        assert!(super::names().all(|n| text.contains(n)));
    }
}
