//! The server's keys. One master secret, never in the database: from
//! `HAITAO_SECRET`, or a key file (`HAITAO_SECRET_FILE`, or in development one
//! made beside the database with mode 0600 on first start). Each use gets its
//! own key derived from it (HKDF-SHA256), so the hash that counts the yearly
//! allowance says nothing about the key that seals ID numbers, and neither
//! can be had from a copy of the database.

use std::io::Write;
use std::path::{Path, PathBuf};

use hkdf::Hkdf;
use sha2::Sha256;
use sqlx::AnyPool;

use crate::infra::id_seal::IdSeal;
use crate::infra::mode::Mode;
use crate::infra::secret::Secret;

/// The shortest master secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;

pub struct Keys {
    /// Signs sellers' preview links.
    pub preview: Secret,
    /// Signs the sandbox provider's notifications.
    pub notify: Secret,
    /// Hashes ID numbers for the yearly allowance (equal numbers, equal hashes).
    pub id_hash: Secret,
    /// Fingerprints order requests (they hold the ID number) for idempotency.
    pub request: Secret,
    /// Encrypts the ID number for the customs declaration.
    pub id_seal: IdSeal,
    /// Hashes sign-in codes (six digits: unkeyed, a copy of the table would give them away).
    pub sign_in: Secret,
    /// Makes the token that opens a guest's order.
    pub order_access: Secret,
    /// Mints each shipped unit's authenticity code.
    pub authenticity: Secret,
    /// Makes each parcel's Kuaidi100 salt (the key its pushes are signed with).
    pub tracking: Secret,
    /// Signs the device cookie (auth/device.rs).
    pub device: Secret,
}

impl Keys {
    pub fn derive(master: &[u8]) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(b"haitao"), master);
        let key = |purpose: &str| {
            let mut out = [0u8; 32];
            // 32 bytes is far below HKDF-SHA256's limit (8160), so this cannot fail.
            hk.expand(format!("haitao/{purpose}/v1").as_bytes(), &mut out)
                .unwrap_or_else(|_| unreachable!());
            out
        };
        Self {
            preview: Secret::new(key("preview").to_vec()),
            notify: Secret::new(key("sandbox-notify").to_vec()),
            id_hash: Secret::new(key("id-hash").to_vec()),
            request: Secret::new(key("order-request").to_vec()),
            id_seal: IdSeal::new(&key("id-seal")),
            sign_in: Secret::new(key("sign-in-code").to_vec()),
            order_access: Secret::new(key("order-access").to_vec()),
            authenticity: Secret::new(key("authenticity").to_vec()),
            tracking: Secret::new(key("tracking-salt").to_vec()),
            device: Secret::new(key("device").to_vec()),
        }
    }
}

/// Where the master secret came from (said in the log at start).
#[derive(Debug, PartialEq, Eq)]
pub enum Source {
    Env,
    File(PathBuf),
    /// Development: made now, in this file.
    Created(PathBuf),
    /// Development: an older shop kept its secret in the database; it now
    /// lives in this file and the database no longer has it.
    MovedOutOfDatabase(PathBuf),
}

pub struct Config<'a> {
    pub mode: Mode,
    /// Where development keeps the secret it made (`db::Target::key_file`).
    pub key_file: &'a Path,
    /// `HAITAO_SECRET`
    pub secret: Option<&'a str>,
    /// `HAITAO_SECRET_FILE`
    pub file: Option<&'a Path>,
}

/// Loads the master secret as `cfg` says and derives the keys.
pub async fn load(pool: &AnyPool, cfg: Config<'_>) -> Result<(Keys, Source), String> {
    let (master, source) = master(pool, &cfg).await?;
    // Older shops kept the secret in `settings`; a copy of the database must
    // not carry it any more, whatever the mode.
    sqlx::query("DELETE FROM settings WHERE key = 'secret'")
        .execute(pool)
        .await
        .map_err(|e| e.to_string())?;
    Ok((Keys::derive(&master), source))
}

async fn master(pool: &AnyPool, cfg: &Config<'_>) -> Result<(Vec<u8>, Source), String> {
    if let Some(s) = cfg.secret {
        return check_len(s.trim().as_bytes().to_vec(), "HAITAO_SECRET").map(|m| (m, Source::Env));
    }
    if let Some(path) = cfg.file {
        let m = read_file(path)?;
        return Ok((m, Source::File(path.to_path_buf())));
    }
    if cfg.mode.is_production() {
        return Err(
            "HAITAO_ENV=production needs the master secret from HAITAO_SECRET or HAITAO_SECRET_FILE \
             (at least 32 bytes, e.g. `openssl rand -hex 32`); it is never made or kept in the database"
                .into(),
        );
    }
    let path = cfg.key_file.to_path_buf();
    if path.exists() {
        let m = read_file(&path)?;
        return Ok((m, Source::File(path)));
    }
    let legacy: Option<(String,)> =
        sqlx::query_as("SELECT value FROM settings WHERE key = 'secret'")
            .fetch_optional(pool)
            .await
            .map_err(|e| e.to_string())?;
    let (fresh, source) = match legacy {
        Some((v,)) if v.len() >= MIN_SECRET_LEN => (v, Source::MovedOutOfDatabase(path.clone())),
        _ => (random_hex(), Source::Created(path.clone())),
    };
    let kept = create_once(&path, &fresh)?;
    // Another process started at the same instant made it first: its key is
    // the shop's (and nothing was moved out of the database by this one).
    let source = if kept == fresh {
        source
    } else {
        Source::File(path)
    };
    Ok((kept.into_bytes(), source))
}

/// A secret typed by hand ("aaaa…", "password" repeated) passes a length
/// check; a random one (`openssl rand -hex 32`) uses far more than this many
/// different characters.
const MIN_DISTINCT: usize = 10;

fn check_len(m: Vec<u8>, from: &str) -> Result<Vec<u8>, String> {
    if m.len() < MIN_SECRET_LEN {
        return Err(format!(
            "{from}: the secret is {} bytes; at least {MIN_SECRET_LEN} are needed",
            m.len()
        ));
    }
    let distinct = m.iter().collect::<std::collections::BTreeSet<_>>().len();
    if distinct < MIN_DISTINCT {
        return Err(format!(
            "{from}: the secret uses {distinct} different characters; a random one \
             (`openssl rand -hex 32`) uses at least {MIN_DISTINCT}"
        ));
    }
    Ok(m)
}

fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("key file {}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        if mode & 0o077 != 0 {
            tracing::warn!(
                file = %path.display(),
                "the key file can be read by other users (mode {mode:o}); chmod 600 it"
            );
        }
    }
    check_len(text.trim().as_bytes().to_vec(), &path.display().to_string())
}

fn random_hex() -> String {
    use aes_gcm::aead::rand_core::RngCore;
    let mut bytes = [0u8; 32];
    aes_gcm::aead::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Makes `path` hold `content`, readable by its owner only, unless it
/// exists; the content `path` holds afterwards. Processes started together
/// each write a file of their own and link it into place: the link fails if
/// `path` exists, so one wins, whole, and the others read the winner's.
fn create_once(path: &Path, content: &str) -> Result<String, String> {
    let fail = |e: std::io::Error| format!("key file {}: {e}", path.display());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut own = path.as_os_str().to_owned();
    own.push(format!(".{}.new", uuid::Uuid::new_v4().simple()));
    let own = std::path::PathBuf::from(own);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let written = opts.open(&own).and_then(|mut f| {
        f.write_all(content.as_bytes())?;
        f.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&own, path));
    let _ = std::fs::remove_file(&own);
    match linked {
        Ok(()) => Ok(content.to_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::read_to_string(path).map_err(fail)
        }
        Err(e) => Err(fail(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_purpose_has_its_own_key() {
        let k = Keys::derive(b"0123456789abcdef0123456789abcdef");
        let parts: &[&[u8]] = &[b"11010519491231002X"];
        assert_ne!(k.id_hash.mac(parts), k.request.mac(parts));
        assert_ne!(k.id_hash.mac(parts), k.preview.mac(parts));
        let other = Keys::derive(b"0123456789abcdef0123456789abcdeX");
        assert_ne!(k.id_hash.mac(parts), other.id_hash.mac(parts));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(check_len(b"short".to_vec(), "HAITAO_SECRET").is_err());
        assert!(check_len(vec![b'x'; 32], "HAITAO_SECRET").is_err());
        assert!(check_len(b"passwordpasswordpasswordpassword".to_vec(), "S").is_err());
        assert!(check_len(
            b"3f9a1c77e2b04d5c8a6e0f1b2c3d4e5f".to_vec(),
            "HAITAO_SECRET"
        )
        .is_ok());
    }

    /// Processes started together on a fresh shop each make a key: one key
    /// is kept, whole, and every one of them uses it.
    #[test]
    fn a_key_made_by_processes_started_together_is_one_key() {
        let dir =
            std::env::temp_dir().join(format!("haitao-keys-{}", uuid::Uuid::new_v4().simple()));
        let path = dir.join("secret.key");
        let start = std::sync::Arc::new(std::sync::Barrier::new(8));
        let kept: Vec<String> = (0..8)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    let mine = random_hex();
                    start.wait();
                    create_once(&path, &mine).expect("key")
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().expect("thread"))
            .collect();
        let on_disk = std::fs::read_to_string(&path).expect("file");
        assert_eq!(on_disk.len(), 64);
        assert!(kept.iter().all(|k| *k == on_disk), "{kept:?}");
        let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
        assert_eq!(left.len(), 1, "only the key is left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
