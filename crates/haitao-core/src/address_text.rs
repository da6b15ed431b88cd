//! Reading an address pasted as one text (as WeChat and other shops copy
//! it: name, mobile and address together, with or without labels) into the
//! address form's fields. What is not found is left empty for the shopper.

use crate::api::Address;
use crate::regions::{City, District, Province};
use crate::validate;

/// Labels that shops and WeChat put before the parts.
const LABELS: [&str; 12] = [
    "收货人",
    "收件人",
    "联系人",
    "姓名",
    "手机号码",
    "手机号",
    "联系电话",
    "电话",
    "所在地区",
    "详细地址",
    "地址",
    "邮编",
];

/// Endings a region's name is often written without (广东 for 广东省).
const SUFFIXES: [&str; 9] = [
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
];

/// The fields found in `text`, regions checked against `tree`.
pub fn read(text: &str, tree: &[Province]) -> Address {
    let mut t = text.to_owned();
    for label in LABELS {
        t = t.replace(label, " ");
    }
    let t: String = t
        .chars()
        .map(|c| {
            if "，,；;：:\u{3000}|".contains(c) || c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut a = Address::default();
    let mut words = Vec::new();
    for w in t.split(' ').filter(|w| !w.is_empty()) {
        let digits: String = w.chars().filter(|c| *c != '-' && *c != '+').collect();
        if digits.chars().all(|c| c.is_ascii_digit()) {
            let mobile = digits
                .strip_prefix("86")
                .filter(|d| d.len() == 11)
                .unwrap_or(&digits);
            if a.mobile.is_empty() && validate::mobile(mobile).is_ok() {
                a.mobile = mobile.to_owned();
                continue;
            }
            if a.postcode.is_empty() && digits.len() == 6 {
                a.postcode = digits;
                continue;
            }
        }
        words.push(w.to_owned());
    }
    // The address runs from the first word naming a province to the end; a
    // name is a word before it, or the last word after it.
    let start = words.iter().position(|w| province_at(tree, w).is_some());
    let (before, address) = match start {
        Some(i) => (&words[..i], &words[i..]),
        None => (&words[..], &words[..0]),
    };
    let is_name = |w: &str| w.chars().count() <= 10 && validate::person_name(w).is_ok();
    let mut address: Vec<&str> = address.iter().map(String::as_str).collect();
    // A word alone is no name: only beside an address or a mobile.
    if start.is_some() || !a.mobile.is_empty() {
        if let Some(name) = before.iter().find(|w| is_name(w)) {
            a.recipient = name.clone();
        } else if address.len() > 1 && address.last().is_some_and(|w| is_name(w)) {
            a.recipient = address.pop().unwrap_or_default().to_owned();
        }
    }
    if let Some(p) = address.first().and_then(|w| province_at(tree, w)) {
        fill_region(&mut a, p, &address.concat());
    }
    a
}

/// The province whose name (or short name) `s` starts with.
fn province_at<'t>(tree: &'t [Province], s: &str) -> Option<&'t Province> {
    tree.iter()
        .filter_map(|p| starts_with_name(s, &p.1).map(|n| (n, p)))
        .max_by_key(|(n, _)| *n)
        .map(|(_, p)| p)
}

/// How many bytes of `s` the name `name` (or its short form) takes.
fn starts_with_name(s: &str, name: &str) -> Option<usize> {
    if s.starts_with(name) {
        return Some(name.len());
    }
    let short = SUFFIXES
        .iter()
        .find_map(|x| name.strip_suffix(x))
        .filter(|n| n.chars().count() >= 2)?;
    s.starts_with(short).then_some(short.len())
}

fn longest<'t, T>(
    items: impl Iterator<Item = (&'t T, &'t str)>,
    s: &str,
) -> Option<(&'t T, usize)> {
    items
        .filter_map(|(item, name)| starts_with_name(s, name).map(|n| (item, n)))
        .max_by_key(|(_, n)| *n)
}

/// Province, city, district and street from `s`, which starts with `p`'s name.
fn fill_region(a: &mut Address, p: &Province, s: &str) {
    let Some(n) = starts_with_name(s, &p.1) else {
        return;
    };
    let mut rest = &s[n..];
    // WeChat writes a municipality twice (上海市上海市浦东新区), and GB/T
    // 2260's placeholder city may be written too.
    for again in [p.1.as_str(), "市辖区", "县"] {
        if let Some(n) = starts_with_name(rest, again) {
            rest = &rest[n..];
        }
    }
    a.province = p.1.clone();
    let placeholders = p.2.iter().all(|c| validate::is_placeholder_city(&c.1));
    let city: Option<&City> = if placeholders {
        None
    } else {
        longest(p.2.iter().map(|c| (c, c.1.as_str())), rest).map(|(c, n)| {
            rest = &rest[n..];
            c
        })
    };
    let districts: Vec<(&City, &District)> =
        p.2.iter()
            .filter(|c| city.is_none_or(|x| x.0 == c.0))
            .flat_map(|c| c.2.iter().map(move |d| (c, d)))
            .collect();
    let found = longest(districts.iter().map(|cd| (cd, cd.1 .1.as_str())), rest);
    match found {
        Some(((c, d), n)) => {
            a.city = c.1.clone();
            a.district = d.1.clone();
            rest = &rest[n..];
        }
        None => {
            a.city = city.map(|c| c.1.clone()).unwrap_or_default();
        }
    }
    a.street = rest.trim().to_owned();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Vec<Province> {
        serde_json::from_str(
            r#"[["31","上海市",[["3101","市辖区",[["310115","浦东新区"]]]]],
                ["11","北京市",[["1101","市辖区",[["110105","朝阳区"]]]]],
                ["44","广东省",[["4403","深圳市",[["440305","南山区"]]],["4401","广州市",[["440106","天河区"]]]]]]"#,
        )
        .unwrap_or_default()
    }

    fn fields(a: &Address) -> [&str; 7] {
        [
            &a.recipient,
            &a.mobile,
            &a.province,
            &a.city,
            &a.district,
            &a.street,
            &a.postcode,
        ]
        .map(String::as_str)
    }

    #[test]
    fn name_mobile_and_address_in_one_line() {
        let a = read("张三 13800138000 上海市浦东新区世纪大道100号", &tree());
        assert_eq!(
            fields(&a),
            [
                "张三",
                "13800138000",
                "上海市",
                "市辖区",
                "浦东新区",
                "世纪大道100号",
                ""
            ]
        );
    }

    #[test]
    fn labelled_lines_as_shops_copy_them() {
        let text = "收货人：李四\n手机号码：137-0013-7000\n所在地区：广东省 深圳市 南山区\n详细地址：科技园路1号";
        assert_eq!(
            fields(&read(text, &tree())),
            [
                "李四",
                "13700137000",
                "广东省",
                "深圳市",
                "南山区",
                "科技园路1号",
                ""
            ]
        );
    }

    #[test]
    fn short_names_a_name_after_and_a_postcode() {
        let a = read(
            "广东深圳南山区科技园路1号 王五 +8613912345678 518057",
            &tree(),
        );
        assert_eq!(
            fields(&a),
            [
                "王五",
                "13912345678",
                "广东省",
                "深圳市",
                "南山区",
                "科技园路1号",
                "518057"
            ]
        );
    }

    #[test]
    fn a_municipality_written_twice() {
        let a = read(
            "上海市上海市浦东新区世纪大道100号，张三，13800138000",
            &tree(),
        );
        assert_eq!(
            fields(&a),
            [
                "张三",
                "13800138000",
                "上海市",
                "市辖区",
                "浦东新区",
                "世纪大道100号",
                ""
            ]
        );
    }

    #[test]
    fn what_is_missing_stays_empty() {
        let a = read("北京朝阳区建国路1号", &tree());
        assert_eq!(
            fields(&a),
            ["", "", "北京市", "市辖区", "朝阳区", "建国路1号", ""]
        );
        let none = read("hello 12345", &tree());
        assert_eq!(none, Address::default());
    }
}
