//! What shoppers type, and what they should see first, at a marketplace's
//! size: the starter catalog plus 20,000 generated products (copies of the
//! starter's under other names, packs and sales), so a query's right answer
//! competes with hundreds of near misses. A product is named by the starter
//! product it was made from.

use crate::common::{urlencode, Shop};
use axum::http::StatusCode;

/// The starter product a listed slug was made from ("bing-cherries-g67-4"
/// was made from "bing-cherries").
fn base(slug: &str) -> &str {
    match slug.rsplit_once("-g") {
        Some((base, rest))
            if rest.contains('-') && rest.bytes().all(|b| b.is_ascii_digit() || b == b'-') =>
        {
            base
        }
        _ => slug,
    }
}

/// Query (and filters), what the first result may be, what the first page's
/// top results may be.
struct Case {
    q: &'static str,
    first: &'static [&'static str],
    top: &'static [&'static str],
}

const CHERRIES: &[&str] = &["rainier-cherries", "bing-cherries", "dried-cherries"];
const SALMON: &[&str] = &["sockeye-salmon", "smoked-salmon"];
const HONEY: &[&str] = &["raw-clover-honey", "buckwheat-honey", "honeycomb"];
const SYRUP: &[&str] = &["maple-syrup-amber", "maple-syrup-dark"];
const COFFEE: &[&str] = &["kona-medium-roast", "kona-peaberry", "kona-dark-ground"];
const SKILLETS: &[&str] = &["cast-iron-skillet-10", "cast-iron-skillet-12", "dutch-oven"];
const SOCKS: &[&str] = &[
    "merino-hiking-socks",
    "merino-crew-socks",
    "kids-wool-socks",
];
const PISTACHIOS: &[&str] = &["salted-pistachios"];
const ALMONDS: &[&str] = &["roasted-almonds", "almond-butter"];
const BLUEBERRIES: &[&str] = &["wild-blueberries", "dried-blueberries"];
const VITAMINS: &[&str] = &["vitamin-c-gummies", "vitamin-d3", "kids-multivitamin"];

const fn case(
    q: &'static str,
    first: &'static [&'static str],
    top: &'static [&'static str],
) -> Case {
    Case { q, first, top }
}

const TABLE: &[Case] = &[
    // Chinese
    case("樱桃", CHERRIES, CHERRIES),
    case("车厘子", CHERRIES, CHERRIES),
    case("三文鱼", SALMON, SALMON),
    case("蜂蜜", HONEY, HONEY),
    case("枫糖浆", SYRUP, SYRUP),
    case("咖啡豆", &["kona-medium-roast", "kona-peaberry"], COFFEE),
    case("开心果", PISTACHIOS, PISTACHIOS),
    case("帝王蟹", &["king-crab-legs"], &["king-crab-legs"]),
    case("铸铁锅", SKILLETS, SKILLETS),
    case("羊毛袜", SOCKS, SOCKS),
    case("蓝莓干", &["dried-blueberries"], &["dried-blueberries"]),
    case("维生素", VITAMINS, VITAMINS),
    // English
    case("cherries", CHERRIES, CHERRIES),
    case("salmon", SALMON, SALMON),
    case("maple syrup", SYRUP, SYRUP),
    case("kona coffee", COFFEE, COFFEE),
    case(
        "cast iron skillet",
        &["cast-iron-skillet-10", "cast-iron-skillet-12"],
        SKILLETS,
    ),
    case("almonds", ALMONDS, ALMONDS),
    case("honey", HONEY, HONEY),
    case("blueberries", BLUEBERRIES, BLUEBERRIES),
    case("vitamin d3", &["vitamin-d3"], &["vitamin-d3"]),
    case("wool socks", SOCKS, SOCKS),
    // Pinyin, whole and run together
    case("yingtao", CHERRIES, CHERRIES),
    case("sanwenyu", SALMON, SALMON),
    case("fengmi", HONEY, HONEY),
    case("kaixinguo", PISTACHIOS, PISTACHIOS),
    case("kafei", COFFEE, COFFEE),
    case("fengtangjiang", SYRUP, SYRUP),
    case(
        "hetao",
        &["walnut-halves"],
        &["walnut-halves", "pecan-halves"],
    ),
    // Initials
    case("yt", CHERRIES, CHERRIES),
    case("swy", SALMON, SALMON),
    case("kxg", PISTACHIOS, PISTACHIOS),
    // One letter wrong
    case("chery", CHERRIES, CHERRIES),
    case("almnds", ALMONDS, ALMONDS),
    case("hony", HONEY, HONEY),
    case("pistacho", PISTACHIOS, PISTACHIOS),
    case("salmn", SALMON, SALMON),
    case("blueberies", BLUEBERRIES, BLUEBERRIES),
];

/// The first page's top results checked against `top`: the rest of a page
/// may rightly hold what only a description mentions.
const TOP: usize = 10;

#[tokio::test]
async fn what_shoppers_type_finds_what_they_meant_among_20000_products() {
    let shop = Shop::generated(20_000).await;
    assert!(TABLE.len() >= 30);
    let mut wrong = Vec::new();
    for c in TABLE {
        let (status, body) = shop
            .get(&format!("/api/products?per_page=20&q={}", urlencode(c.q)))
            .await;
        assert_eq!(status, StatusCode::OK, "{}", c.q);
        let found: Vec<&str> = body["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p["slug"].as_str())
                    .map(base)
                    .collect()
            })
            .unwrap_or_default();
        let total = body["total"].as_i64().unwrap_or(0);
        let first_ok = found.first().is_some_and(|f| c.first.contains(f));
        let top_ok = found.iter().take(TOP).all(|f| c.top.contains(f));
        // Hundreds of copies of each right answer exist: a short page means
        // the query lost most of them.
        let enough = total >= 100 && found.len() == 20;
        if !(first_ok && top_ok && enough) {
            wrong.push(format!(
                "{} ({total} found): {:?}",
                c.q,
                &found[..found.len().min(TOP)]
            ));
        }
    }
    assert!(wrong.is_empty(), "queries that miss:\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn a_filter_narrows_the_ranking_and_facets_count_what_it_leaves() {
    let shop = Shop::generated(20_000).await;
    let (status, body) = shop
        .get("/api/products?per_page=20&q=cherry&category=dried-fruit")
        .await;
    assert_eq!(status, StatusCode::OK);
    let items = body["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 20);
    assert!(items
        .iter()
        .all(|p| p["slug"].as_str().map(base) == Some("dried-cherries")));
    // Every cherry product here comes from Washington: the origin facet
    // counts all of them, not a page.
    let total = body["total"].as_i64().unwrap_or(0);
    assert!(total > 100, "{total}");
    let wa = body["facets"]["origins"]
        .as_array()
        .and_then(|o| o.iter().find(|f| f["value"] == "WA"))
        .and_then(|f| f["count"].as_i64());
    assert_eq!(wa, Some(total), "{}", body["facets"]);
}
