//! The server's wings and who may import whom (docs/ARCHITECTURE.md, "The
//! server's wings"), read from the source: every `crate::` path a file names
//! is an import of that wing. A wing imports only wings below it, so no import
//! circle crosses wings; and the statements that move stock or sales live in
//! the one writer that keeps the listing in step (catalog/stock.rs).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The wings in tiers, lowest first: a wing imports only wings of lower
/// tiers (docs/ARCHITECTURE.md's table).
const TIERS: &[&[&str]] = &[
    &["infra"],
    &[
        "catalog", "regions", "legal", "customs", "sms", "mail", "payments",
    ],
    &["tracking"],
    &["state"],
    &["account", "auth"],
    &["orders", "web"],
    &["sellers"],
    &["http"],
];

fn tier_of(wing: &str) -> Option<usize> {
    TIERS.iter().position(|tier| tier.contains(&wing))
}

/// What assembles and runs the shop may import every wing.
const ASSEMBLY: &[&str] = &["startup", "jobs", "commands", "main", "lib"];

/// Names the crate root re-exports, each standing for its wing.
const ROOT_EXPORTS: &[(&str, &str)] = &[("AppState", "state"), ("router", "http")];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("server/src is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The wing of a file: its first folder under src, or its own name.
fn wing_of(relative: &Path) -> String {
    let first = relative.components().next().expect("a path under src");
    let first = first.as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn identifier_at(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The first segment of every `crate::` path in `text`, groups included
/// (`crate::{a::b, c}` names a and c).
fn crate_imports(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 1;
            let mut part_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => part_start = true,
                    c if part_start && !c.is_whitespace() => {
                        part_start = false;
                        let name = identifier_at(&group[i..]);
                        if !name.is_empty() {
                            names.insert(name);
                        }
                    }
                    _ => {}
                }
            }
        } else {
            let name = identifier_at(after);
            if !name.is_empty() {
                names.insert(name);
            }
        }
        rest = after;
    }
    names
}

struct Source {
    relative: PathBuf,
    text: String,
}

fn sources() -> Vec<Source> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files
        .into_iter()
        .map(|path| Source {
            relative: path.strip_prefix(&root).expect("under src").to_path_buf(),
            text: without_comments(&std::fs::read_to_string(&path).expect("a readable file")),
        })
        .collect()
}

#[test]
fn the_import_parser_reads_paths_and_groups() {
    let names = crate_imports(
        "use crate::infra::db;\nuse crate::{\n    catalog::{stock, search},\n    state::AppState,\n};\nlet x = crate::orders::place(crate::AppState);",
    );
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(names, ["AppState", "catalog", "infra", "orders", "state"]);
}

#[test]
fn every_wing_imports_only_the_wings_below_it() {
    let mut wrong = Vec::new();
    let mut seen_wings = BTreeSet::new();
    for source in sources() {
        let wing = wing_of(&source.relative);
        seen_wings.insert(wing.clone());
        if ASSEMBLY.contains(&wing.as_str()) {
            continue;
        }
        let Some(tier) = tier_of(&wing) else {
            wrong.push(format!(
                "{}: wing `{wing}` is not in the tiers (tests/api/layout.rs, docs/ARCHITECTURE.md)",
                source.relative.display()
            ));
            continue;
        };
        for name in crate_imports(&source.text) {
            let target = ROOT_EXPORTS
                .iter()
                .find(|(export, _)| *export == name)
                .map_or(name.as_str(), |(_, wing)| wing);
            let below = tier_of(target).is_some_and(|t| t < tier);
            if target != wing && !below {
                wrong.push(format!(
                    "{}: {wing} imports {target}",
                    source.relative.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the wings' rule:\n{}",
        wrong.join("\n")
    );
    // The tiers name only wings that exist, so the rule cannot pass by naming none.
    for wing in TIERS.iter().flat_map(|t| t.iter()) {
        assert!(
            seen_wings.contains(*wing),
            "the tiers name `{wing}`, which server/src lacks"
        );
    }
}

#[test]
fn server_src_holds_its_wings_and_a_handful_of_files() {
    let root_files: Vec<String> = std::fs::read_dir(src())
        .expect("server/src is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            p.file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut expected: Vec<String> = ASSEMBLY
        .iter()
        .chain(std::iter::once(&"state"))
        .map(|name| format!("{name}.rs"))
        .collect();
    expected.sort();
    let mut found = root_files.clone();
    found.sort();
    assert_eq!(found, expected, "files beside the wings in server/src");
}

#[test]
fn only_the_catalog_writer_moves_stock_or_sales() {
    let mut wrong = Vec::new();
    for source in sources() {
        let allowed = source.relative == Path::new("catalog/stock.rs")
            // A product's stock is part of what an import writes; the import
            // records the change through the same writer (products_changed).
            || source.relative == Path::new("catalog/import/write.rs");
        let moves = // SQL's spelling: in an UPDATE's SET list, first or not.
        ["SET stock", "SET sold", ", stock =", ", sold ="]
            .iter()
            .any(|s| source.text.contains(s));
        if moves && !allowed {
            wrong.push(source.relative.display().to_string());
        }
    }
    assert!(
        wrong.is_empty(),
        "stock or sales moved outside catalog/stock.rs: {wrong:?}"
    );
}

#[test]
fn no_order_status_is_spelled_in_sql() {
    let mut wrong = Vec::new();
    for source in sources() {
        for status in haitao_core::api::OrderStatus::ALL {
            if source.text.contains(&format!("'{}'", status.as_str())) {
                wrong.push(format!(
                    "{}: '{}'",
                    source.relative.display(),
                    status.as_str()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "order statuses written as SQL literals (bind OrderStatus::as_str, or db::words): {wrong:?}"
    );
}

/// How many fields a row type has when it is a tuple (`Vec<(A, B)>`,
/// `Option<(A, B, C)>`, `(A,)`), else 0.
fn tuple_arity(ty: &str) -> usize {
    let mut ty = ty.trim();
    while let Some(inner) = ["Vec<", "Option<"]
        .iter()
        .find_map(|w| ty.strip_prefix(w).and_then(|t| t.strip_suffix('>')))
    {
        ty = inner.trim();
    }
    let Some(inner) = ty.strip_prefix('(').and_then(|t| t.strip_suffix(')')) else {
        return 0;
    };
    let mut depth = 0;
    let mut fields = 1;
    for c in inner.chars() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => fields += 1,
            _ => {}
        }
    }
    if inner.trim_end().ends_with(',') {
        fields -= 1;
    }
    fields
}

/// The row type of each `query_as` in `text`: its turbofish, or the type of
/// the `let` it is bound by.
fn row_types(text: &str) -> Vec<String> {
    let mut types = Vec::new();
    for (at, _) in text.match_indices("query_as") {
        let after = &text[at + "query_as".len()..];
        if let Some(turbofish) = after.strip_prefix("::<_,") {
            let mut depth = 0;
            let end = turbofish
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '<' | '(' => depth += 1,
                        '>' | ')' if depth == 0 => return true,
                        '>' | ')' => depth -= 1,
                        _ => {}
                    }
                    false
                })
                .map_or(turbofish.len(), |(i, _)| i);
            types.push(turbofish[..end].to_owned());
            continue;
        }
        let before = &text[..at];
        let statement = &before[before.rfind([';', '{', '}']).map_or(0, |i| i + 1)..];
        if let Some(binding) = statement.trim_start().strip_prefix("let ") {
            if let Some((_, rest)) = binding.split_once(':') {
                if let Some((ty, _)) = rest.split_once('=') {
                    types.push(ty.to_owned());
                }
            }
        }
    }
    types
}

#[test]
fn the_row_reader_finds_tuples() {
    let text = "let a: Vec<(String, Option<i64>, i64)> = sqlx::query_as(\"…\");\n\
                let b: Option<(i64,)> = sqlx::query_as(\"…\");\n\
                let c = sqlx::query_as::<_, (String, Vec<u8>)>(&sql);";
    let arities: Vec<usize> = row_types(text).iter().map(|t| tuple_arity(t)).collect();
    assert_eq!(arities, [3, 1, 2]);
}

#[test]
fn no_row_of_three_or_more_columns_is_read_as_a_tuple() {
    let mut wrong = Vec::new();
    for source in sources() {
        for ty in row_types(&source.text) {
            if tuple_arity(&ty) >= 3 {
                wrong.push(format!("{}: {}", source.relative.display(), ty.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "rows read as tuples (a named FromRow struct instead): {wrong:?}"
    );
}
