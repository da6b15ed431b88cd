//! GB/T 2260 regions (province, city, district), from the compact file the
//! storefront also loads: [[code, name, [[code, name, [[code, name]]]]]].

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
pub struct Province(pub String, pub String, pub Vec<City>);
#[derive(Clone, Debug, Deserialize)]
pub struct City(pub String, pub String, pub Vec<District>);
#[derive(Clone, Debug, Deserialize)]
pub struct District(pub String, pub String);

/// Whether the three names form a real path in the tree.
pub fn contains(tree: &[Province], province: &str, city: &str, district: &str) -> bool {
    tree.iter()
        .filter(|p| p.1 == province)
        .flat_map(|p| p.2.iter())
        .filter(|c| c.1 == city)
        .flat_map(|c| c.2.iter())
        .any(|d| d.1 == district)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_real_paths_only() {
        let tree: Vec<Province> = serde_json::from_str(
            r#"[["31","上海市",[["3101","市辖区",[["310115","浦东新区"]]]]],["11","北京市",[["1101","市辖区",[["110105","朝阳区"]]]]]]"#,
        )
        .expect("parses");
        assert!(contains(&tree, "上海市", "市辖区", "浦东新区"));
        assert!(!contains(&tree, "北京市", "市辖区", "浦东新区"));
        assert!(!contains(&tree, "上海市", "上海市", "浦东新区"));
    }
}
