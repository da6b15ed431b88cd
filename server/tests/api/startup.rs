//! Replicas started together on a fresh database (as every orchestrator
//! starts them): the work that must happen once (migrations, the starter
//! catalog) happens once, and every process comes up. Before, two processes
//! on an empty PostgreSQL both seeded and one died on a duplicate key.

use std::process::Stdio;

use crate::common::binary::{listened, log_until_listening, server};
use crate::common::{test_database, TEST_SECRET};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_started_at_once_on_a_fresh_database_all_come_up() {
    let dir = tempfile::tempdir().expect("dir");
    let target = test_database(&dir).await;
    let database = crate::common::database_of(&target);
    let secret = std::str::from_utf8(TEST_SECRET).unwrap_or_default();
    // All four started before any is read: they race for the fresh database.
    let children: Vec<std::process::Child> = (0..4)
        .map(|_| {
            server()
                .args(["--database", &database, "--port", "0"])
                .env("HAITAO_SECRET", secret)
                .env("RUST_LOG", "info")
                .stderr(Stdio::piped())
                .spawn()
                .expect("run")
        })
        .collect();
    let said: Vec<Vec<String>> = children.into_iter().map(log_until_listening).collect();
    for lines in &said {
        assert!(
            listened(lines),
            "a process did not come up:\n{}",
            lines.join("\n")
        );
    }
    let seeded = said
        .iter()
        .filter(|lines| {
            lines
                .iter()
                .any(|l| l.contains("seeded the starter catalog"))
        })
        .count();
    assert_eq!(seeded, 1, "the starter catalog is loaded once");
    let pool = haitao_server::infra::db::open(&target).await.expect("open");
    let (products,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products")
        .fetch_one(&pool)
        .await
        .expect("count");
    let starter = haitao_server::catalog::seed::starter()
        .expect("starter")
        .products
        .len();
    assert_eq!(products as usize, starter);
}
