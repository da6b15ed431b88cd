//! The English names of China's provinces and cities, for shoppers who read
//! the shop in English: the regions stay Chinese in the address (the label
//! and the customs declaration need them so), and an English reader sees
//! "Shenzhen, Guangdong" beside them. Pinyin (Hanyu Pinyin, the romanization
//! China's place-name standard GB/T 17693 uses) joined into one word, with
//! an apostrophe before a syllable that starts with a vowel (Xi'an); the
//! established English names of places whose names are not Chinese (Lhasa,
//! Urumqi, Hohhot); and the readings a dictionary's first reading gets
//! wrong in place names (长沙 is Changsha, not Zhangsha). Districts stay
//! Chinese only: there are thousands, and the courier reads the Chinese.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use haitao_core::api::RegionNames;
use haitao_core::regions::Province;
use pinyin::ToPinyin;

/// Provinces by their GB/T 2260 code: the names in use in English.
const PROVINCES: [(&str, &str); 31] = [
    ("11", "Beijing"),
    ("12", "Tianjin"),
    ("13", "Hebei"),
    ("14", "Shanxi"),
    ("15", "Inner Mongolia"),
    ("21", "Liaoning"),
    ("22", "Jilin"),
    ("23", "Heilongjiang"),
    ("31", "Shanghai"),
    ("32", "Jiangsu"),
    ("33", "Zhejiang"),
    ("34", "Anhui"),
    ("35", "Fujian"),
    ("36", "Jiangxi"),
    ("37", "Shandong"),
    ("41", "Henan"),
    ("42", "Hubei"),
    ("43", "Hunan"),
    ("44", "Guangdong"),
    ("45", "Guangxi"),
    ("46", "Hainan"),
    ("50", "Chongqing"),
    ("51", "Sichuan"),
    ("52", "Guizhou"),
    ("53", "Yunnan"),
    ("54", "Tibet"),
    // Not "Shanxi": the extra a is the official spelling that tells the two apart.
    ("61", "Shaanxi"),
    ("62", "Gansu"),
    ("63", "Qinghai"),
    ("64", "Ningxia"),
    ("65", "Xinjiang"),
];

/// Cities whose English name is not their characters' first reading: other
/// readings of the same characters, and names from Mongolian, Tibetan,
/// Uyghur and other languages, written as English writes them.
const CITIES: [(&str, &str); 41] = [
    // Readings.
    ("长治", "Changzhi"),
    ("长春", "Changchun"),
    ("长沙", "Changsha"),
    ("蚌埠", "Bengbu"),
    ("六安", "Lu'an"),
    ("厦门", "Xiamen"),
    ("佛山", "Foshan"),
    ("成都", "Chengdu"),
    ("普洱", "Pu'er"),
    ("大兴安岭", "Da Hinggan Ling"),
    // Names English took from other languages before pinyin.
    ("哈尔滨", "Harbin"),
    ("齐齐哈尔", "Qiqihar"),
    // Inner Mongolia.
    ("呼和浩特", "Hohhot"),
    ("鄂尔多斯", "Ordos"),
    ("呼伦贝尔", "Hulunbuir"),
    ("巴彦淖尔", "Bayannur"),
    ("乌兰察布", "Ulanqab"),
    ("锡林郭勒", "Xilingol"),
    ("阿拉善", "Alxa"),
    ("兴安", "Hinggan"),
    // Tibet and the Tibetan prefectures.
    ("拉萨", "Lhasa"),
    ("日喀则", "Shigatse"),
    ("昌都", "Qamdo"),
    ("林芝", "Nyingchi"),
    ("那曲", "Nagqu"),
    ("阿里", "Ngari"),
    ("甘孜", "Garzê"),
    ("阿坝", "Ngawa"),
    ("果洛", "Golog"),
    ("迪庆", "Dêqên"),
    // Xinjiang.
    ("乌鲁木齐", "Urumqi"),
    ("克拉玛依", "Karamay"),
    ("吐鲁番", "Turpan"),
    ("博尔塔拉", "Bortala"),
    ("巴音郭楞", "Bayingolin"),
    ("阿克苏", "Aksu"),
    ("克孜勒苏", "Kizilsu"),
    ("喀什", "Kashgar"),
    ("和田", "Hotan"),
    ("伊犁", "Ili"),
    ("阿勒泰", "Altay"),
];

/// Where an autonomous prefecture's place name ends and the peoples it is
/// named for begin (延边|朝鲜族自治州).
const PEOPLES: [&str; 19] = [
    "朝鲜族",
    "土家族",
    "苗族",
    "藏族",
    "羌族",
    "彝族",
    "布依族",
    "侗族",
    "哈尼族",
    "壮族",
    "傣族",
    "白族",
    "景颇族",
    "傈僳族",
    "回族",
    "蒙古",
    "柯尔克孜",
    "哈萨克",
    "自治州",
];

/// Hanyu Pinyin of `zh` as one word: capitalized, toneless, an apostrophe
/// before a vowel-initial syllable after the first (Xi'an, Tai'an).
pub fn pinyin_word(zh: &str) -> String {
    let mut out = String::new();
    for p in zh.to_pinyin().flatten() {
        let s = p.plain();
        if out.is_empty() {
            let mut chars = s.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            if s.starts_with(['a', 'o', 'e']) {
                out.push('\'');
            }
            out.push_str(s);
        }
    }
    out
}

/// The place name inside a city-level name: 深圳市 → 深圳, 阿里地区 → 阿里,
/// 兴安盟 → 兴安, 延边朝鲜族自治州 → 延边.
fn place(zh: &str) -> &str {
    let cut = PEOPLES.iter().filter_map(|p| zh.find(p)).min();
    let zh = cut.map_or(zh, |i| &zh[..i]);
    ["地区", "市", "盟"]
        .iter()
        .find_map(|s| zh.strip_suffix(s))
        .unwrap_or(zh)
}

/// A city-level name in English; `None` for GB/T 2260's placeholders that
/// nobody writes (a municipality's 市辖区 and 县).
pub fn city(zh: &str) -> Option<String> {
    match zh {
        "市辖区" | "县" => None,
        "省直辖县级行政区划" => Some("Province-administered cities".into()),
        "自治区直辖县级行政区划" => Some("Region-administered cities".into()),
        _ => {
            let name = place(zh);
            Some(
                CITIES
                    .iter()
                    .find(|(z, _)| *z == name)
                    .map_or_else(|| pinyin_word(name), |(_, en)| (*en).to_owned()),
            )
        }
    }
}

/// The English names of every province and city of `tree`.
pub fn english(tree: &[Province]) -> RegionNames {
    let mut names = BTreeMap::new();
    for p in tree {
        let en = PROVINCES
            .iter()
            .find(|(code, _)| p.0.starts_with(code))
            .map_or_else(|| pinyin_word(place(&p.1)), |(_, en)| (*en).to_owned());
        let cities =
            p.2.iter()
                .filter_map(|c| city(&c.1).map(|en| (c.1.clone(), en)))
                .collect();
        names.insert(p.1.clone(), haitao_core::api::ProvinceName { en, cities });
    }
    RegionNames(names)
}

/// The shop's regions' English names, made once.
pub static ENGLISH: LazyLock<RegionNames> =
    LazyLock::new(|| english(&crate::regions::load().unwrap_or_default()));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_is_one_word_with_apostrophes_where_syllables_would_run_together() {
        assert_eq!(pinyin_word("深圳"), "Shenzhen");
        assert_eq!(pinyin_word("西安"), "Xi'an");
        assert_eq!(pinyin_word("泰安"), "Tai'an");
        assert_eq!(pinyin_word("吕梁"), "Lüliang");
    }

    #[test]
    fn cities_are_named_as_english_names_them() {
        assert_eq!(city("深圳市").as_deref(), Some("Shenzhen"));
        assert_eq!(city("长沙市").as_deref(), Some("Changsha"));
        assert_eq!(city("厦门市").as_deref(), Some("Xiamen"));
        assert_eq!(city("淮安市").as_deref(), Some("Huai'an"));
        assert_eq!(city("延边朝鲜族自治州").as_deref(), Some("Yanbian"));
        assert_eq!(city("恩施土家族苗族自治州").as_deref(), Some("Enshi"));
        assert_eq!(city("博尔塔拉蒙古自治州").as_deref(), Some("Bortala"));
        assert_eq!(city("喀什地区").as_deref(), Some("Kashgar"));
        assert_eq!(city("锡林郭勒盟").as_deref(), Some("Xilingol"));
        assert_eq!(city("市辖区"), None);
    }

    #[test]
    fn every_province_and_city_of_the_shop_has_a_name() {
        let tree = crate::regions::load().expect("the built-in regions parse");
        let names = english(&tree);
        assert_eq!(names.0.len(), tree.len());
        assert_eq!(names.0["陕西省"].en, "Shaanxi");
        assert_eq!(names.0["山西省"].en, "Shanxi");
        assert_eq!(names.0["广东省"].cities["深圳市"], "Shenzhen");
        for p in &tree {
            let got = &names.0[&p.1];
            assert!(got.en.is_ascii() || got.en.contains('ü'), "{}", got.en);
            for c in &p.2 {
                if let Some(en) = got.cities.get(&c.1) {
                    assert!(
                        !en.is_empty()
                            && !en.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                        "{} → {en}",
                        c.1
                    );
                }
            }
        }
        // Every name a table gives is a name the tree has (a typo would be silent).
        let all: Vec<&str> = tree
            .iter()
            .flat_map(|p| p.2.iter().map(|c| place(&c.1)))
            .collect();
        for (zh, _) in CITIES {
            assert!(all.contains(&zh), "{zh} is no city of the tree");
        }
    }
}
