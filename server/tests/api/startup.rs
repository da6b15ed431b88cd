//! Replicas started together on a fresh database (as every orchestrator
//! starts them): the work that must happen once (migrations, the starter
//! catalog) happens once, and every process comes up. Before, two processes
//! on an empty PostgreSQL both seeded and one died on a duplicate key.

use std::io::BufRead;
use std::process::{Command, Stdio};

use crate::common::{test_database, TEST_SECRET};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_started_at_once_on_a_fresh_database_all_come_up() {
    let dir = tempfile::tempdir().expect("dir");
    let target = test_database(&dir).await;
    let database = match &target {
        haitao_server::db::Target::Sqlite(p) => p.display().to_string(),
        haitao_server::db::Target::Postgres(url) => url.clone(),
    };
    let secret = std::str::from_utf8(TEST_SECRET).unwrap_or_default();
    let mut children: Vec<std::process::Child> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_haitao-server"))
                .args(["--database", &database, "--port", "0"])
                .env_remove("HAITAO_ENV")
                .env_remove("HAITAO_PAYMENTS")
                .env_remove("HAITAO_SMS")
                .env("HAITAO_SECRET", secret)
                .env("RUST_LOG", "info")
                .stderr(Stdio::piped())
                .spawn()
                .expect("run")
        })
        .collect();
    let mut said = Vec::new();
    for child in &mut children {
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = Vec::new();
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let up = line.contains("haitao listening");
            lines.push(line);
            if up {
                break;
            }
        }
        said.push(lines);
    }
    for child in &mut children {
        let _ = child.kill();
        let _ = child.wait();
    }
    for lines in &said {
        assert!(
            lines.iter().any(|l| l.contains("haitao listening")),
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
    let pool = haitao_server::db::open(&target).await.expect("open");
    let (products,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products")
        .fetch_one(&pool)
        .await
        .expect("count");
    let starter = haitao_server::seed::starter()
        .expect("starter")
        .products
        .len();
    assert_eq!(products as usize, starter);
}
