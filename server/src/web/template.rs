//! The app page, index.html as trunk built it, read once per build with an
//! HTML rewriter (not string search, so the minified and the plain output
//! read the same) into text and typed slots: the language, the title, the
//! description, the page's own head tags, the drawn page in `#shell`, trunk's
//! loader and its wasm preload. A request fills the slots; the
//! Content-Security-Policy's script hashes were taken when it was read.
//! `Pages` reads the file again when it changes (a rebuild under a running
//! server).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use lol_html::html_content::ContentType;
use lol_html::{element, rewrite_str, text, RewriteStrSettings};

use crate::web::html::escape;

/// What fills a slot; the marker is a control character no HTML holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Lang,
    Title,
    Description,
    /// The page's own head tags and preloads, after the title.
    Head,
    /// The page drawn by the server, inside `#shell`.
    Shell,
    /// Trunk's loader script's body.
    Loader,
    /// Trunk's `<link rel=preload>` of the wasm.
    WasmPreload,
}

const SLOTS: [Slot; 7] = [
    Slot::Lang,
    Slot::Title,
    Slot::Description,
    Slot::Head,
    Slot::Shell,
    Slot::Loader,
    Slot::WasmPreload,
];

const MARK: char = '\u{1}';

fn marker(slot: Slot) -> String {
    let i = SLOTS.iter().position(|s| *s == slot).unwrap_or(0);
    format!("{MARK}{i}{MARK}")
}

#[derive(Debug)]
enum Part {
    Text(String),
    Slot(Slot),
}

/// How long the loader waits for the picture at most: a stalled image must
/// not keep the shop from starting.
const PICTURE_WAIT_MS: u32 = 3000;

/// Waits until the drawn page's picture is loaded, decoded and painted (the
/// second animation frame after it comes after a paint), or failed, or the
/// wait is over. On a phone's slow link the wasm would otherwise share the
/// bandwidth with the picture the shopper is waiting for: the app starts a
/// little later, the page's largest paint comes much sooner.
fn wait_for_picture() -> String {
    format!(
        "\nawait new Promise((go) => {{ const p = document.querySelector('#shell img'); if (!p) return go(); \
         const painted = () => p.decode().catch(() => {{}}).then(() => requestAnimationFrame(() => requestAnimationFrame(go))); \
         if (p.complete) painted(); else {{ p.addEventListener('load', painted); p.addEventListener('error', go); }} \
         setTimeout(go, {PICTURE_WAIT_MS}); }});"
    )
}

/// A loader script body and the page's whole policy with it (made when the
/// template is read: a page request only copies it).
#[derive(Debug, Clone)]
struct Loader {
    body: String,
    csp: String,
}

impl Loader {
    fn new(body: String, other_scripts: &[String]) -> Self {
        let hash = crate::web::csp::hash(&body);
        let hashes: Vec<&str> = std::iter::once(hash.as_str())
            .chain(other_scripts.iter().map(String::as_str))
            .collect();
        Self {
            csp: crate::web::csp::for_app(&hashes),
            body,
        }
    }
}

#[derive(Debug)]
pub struct Template {
    parts: Vec<Part>,
    /// The bytes of the template's own text, to size a page at once.
    text_len: usize,
    /// Trunk's loader as built, and (when it is trunk's `import init …;`)
    /// the same waiting for the drawn page's picture before the wasm.
    loader: Option<Loader>,
    picture_first: Option<Loader>,
    wasm_preload: String,
    /// The policy of a page without a loader (the other inline scripts only).
    csp_without_loader: String,
}

/// What one page puts in the slots.
pub struct Fill<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// Head tags and preloads, as HTML.
    pub head: &'a str,
    /// The drawn page, as HTML.
    pub shell: &'a str,
    /// The drawn page is the page itself (not placeholders): the wasm waits
    /// for its picture.
    pub drawn: bool,
}

/// A page made from the template, and its Content-Security-Policy.
pub struct Made {
    pub html: String,
    pub csp: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("index.html: {0}")]
    Rewrite(#[from] lol_html::errors::RewritingError),
    #[error("index.html has no {0}")]
    Missing(&'static str),
}

impl Template {
    pub fn parse(html: &str) -> Result<Self, TemplateError> {
        // First the inline scripts as they are (kind, text): trunk's loader
        // is the module, data blocks (JSON-LD) never run.
        let scripts: RefCell<Vec<(&'static str, String)>> = RefCell::new(Vec::new());
        rewrite_str(
            html,
            RewriteStrSettings::new()
                .append_element_content_handler(element!("script:not([src])", |el| {
                    let kind = match el.get_attribute("type").as_deref() {
                        Some("application/ld+json") => "data",
                        Some("module") => "module",
                        _ => "script",
                    };
                    scripts.borrow_mut().push((kind, String::new()));
                    Ok(())
                }))
                .append_element_content_handler(text!("script:not([src])", |t| {
                    if let Some(last) = scripts.borrow_mut().last_mut() {
                        last.1.push_str(t.as_str());
                    }
                    Ok(())
                })),
        )?;
        let mut loader_body = None;
        let mut other_scripts = Vec::new();
        for (kind, body) in scripts.into_inner() {
            match kind {
                "module" if loader_body.is_none() => loader_body = Some(body),
                "data" => {}
                _ => other_scripts.push(crate::web::csp::hash(&body)),
            }
        }
        let picture_first = loader_body.as_deref().and_then(|body| {
            // trunk's loader opens with `import init, * as bindings from '…';`:
            // the wait goes after that import, before `await init(…)`.
            let start = body.find("import init")?;
            let end = start + body[start..].find(';')? + 1;
            let waiting = format!("{}{}{}", &body[..end], wait_for_picture(), &body[end..]);
            Some(Loader::new(waiting, &other_scripts))
        });
        let loader = loader_body.map(|body| Loader::new(body, &other_scripts));
        let others: Vec<&str> = other_scripts.iter().map(String::as_str).collect();
        let csp_without_loader = crate::web::csp::for_app(&others);

        // Then the slots.
        let mut wasm_preload = String::new();
        let seen: RefCell<Vec<Slot>> = RefCell::new(Vec::new());
        let marked = rewrite_str(
            html,
            RewriteStrSettings::new()
                .append_element_content_handler(element!("html", |el| {
                    el.set_attribute("lang", &marker(Slot::Lang))?;
                    Ok(())
                }))
                .append_element_content_handler(element!("title", |el| {
                    el.set_inner_content(&marker(Slot::Title), ContentType::Html);
                    el.after(&marker(Slot::Head), ContentType::Html);
                    seen.borrow_mut().push(Slot::Title);
                    Ok(())
                }))
                .append_element_content_handler(element!("meta[name=description]", |el| {
                    el.set_attribute("content", &marker(Slot::Description))?;
                    Ok(())
                }))
                .append_element_content_handler(element!("#shell", |el| {
                    el.set_inner_content(&marker(Slot::Shell), ContentType::Html);
                    seen.borrow_mut().push(Slot::Shell);
                    Ok(())
                }))
                .append_element_content_handler(element!("script[type=module]:not([src])", |el| {
                    let first = !seen.borrow().contains(&Slot::Loader);
                    if first {
                        el.set_inner_content(&marker(Slot::Loader), ContentType::Html);
                        seen.borrow_mut().push(Slot::Loader);
                    }
                    Ok(())
                }))
                .append_element_content_handler(element!(
                    "link[rel=preload][type='application/wasm']",
                    |el| {
                        let mut tag = String::from("<link");
                        for a in el.attributes() {
                            tag.push(' ');
                            tag.push_str(&a.name());
                            if !a.value().is_empty() {
                                tag.push_str(&format!("=\"{}\"", escape(&a.value())));
                            }
                        }
                        tag.push('>');
                        wasm_preload = tag;
                        el.replace(&marker(Slot::WasmPreload), ContentType::Html);
                        Ok(())
                    }
                )),
        )?;
        let seen = seen.into_inner();
        for (slot, what) in [(Slot::Title, "<title>"), (Slot::Shell, "#shell")] {
            if !seen.contains(&slot) {
                return Err(TemplateError::Missing(what));
            }
        }
        // Cut at the markers: text, slot, text, …
        let mut parts = Vec::new();
        for (i, piece) in marked.split(MARK).enumerate() {
            if i % 2 == 0 {
                parts.push(Part::Text(piece.to_owned()));
            } else if let Some(slot) = piece.parse::<usize>().ok().and_then(|n| SLOTS.get(n)) {
                parts.push(Part::Slot(*slot));
            }
        }
        let text_len = parts.iter().map(part_len).sum();
        Ok(Self {
            parts,
            text_len,
            loader,
            picture_first,
            wasm_preload,
            csp_without_loader,
        })
    }

    /// The page with `fill` in its slots.
    pub fn make(&self, fill: &Fill) -> Made {
        let waits = fill.drawn && self.picture_first.is_some();
        let loader = if waits {
            self.picture_first.as_ref()
        } else {
            self.loader.as_ref()
        };
        let extra = fill.head.len() + fill.shell.len() + 512;
        let mut html = String::with_capacity(self.text_len + extra);
        for part in &self.parts {
            match part {
                Part::Text(t) => html.push_str(t),
                Part::Slot(Slot::Lang) => html.push_str(fill.lang),
                Part::Slot(Slot::Title) => html.push_str(&escape(fill.title)),
                Part::Slot(Slot::Description) => html.push_str(&escape(fill.description)),
                Part::Slot(Slot::Head) => html.push_str(fill.head),
                Part::Slot(Slot::Shell) => html.push_str(fill.shell),
                Part::Slot(Slot::Loader) => html.push_str(loader.map_or("", |l| &l.body)),
                // Waiting for the picture, the wasm is not fetched beside it.
                Part::Slot(Slot::WasmPreload) if !waits => html.push_str(&self.wasm_preload),
                Part::Slot(Slot::WasmPreload) => {}
            }
        }
        Made {
            csp: loader.map_or_else(|| self.csp_without_loader.clone(), |l| l.csp.clone()),
            html,
        }
    }
}

fn part_len(p: &Part) -> usize {
    match p {
        Part::Text(t) => t.len(),
        Part::Slot(_) => 0,
    }
}

/// The template of a `dist/`, read again when index.html changes.
pub struct Pages {
    file: PathBuf,
    read: RwLock<Option<(SystemTime, u64, Arc<Template>)>>,
}

impl Pages {
    pub fn new(dist: &Path) -> Self {
        Self {
            file: dist.join("index.html"),
            read: RwLock::new(None),
        }
    }

    /// The template as the file is now; an error when there is none (the
    /// storefront not built) or it cannot be read as the app page.
    pub async fn template(&self) -> Result<Arc<Template>, String> {
        let meta = tokio::fs::metadata(&self.file)
            .await
            .map_err(|e| format!("{}: {e}", self.file.display()))?;
        let stamp = (
            meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            meta.len(),
        );
        if let Ok(read) = self.read.read() {
            if let Some((at, len, t)) = read.as_ref() {
                if (*at, *len) == stamp {
                    return Ok(t.clone());
                }
            }
        }
        let html = tokio::fs::read_to_string(&self.file)
            .await
            .map_err(|e| format!("{}: {e}", self.file.display()))?;
        let t = Arc::new(Template::parse(&html).map_err(|e| e.to_string())?);
        if t.loader.is_some() && t.picture_first.is_none() {
            tracing::warn!("index.html: trunk's loader is not `import init …;`: pages will not wait for their picture");
        }
        if let Ok(mut read) = self.read.write() {
            *read = Some((stamp.0, stamp.1, t.clone()));
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What trunk 0.21 writes in a release build (minified), and in a
    /// debug build (not minified); the API tests serve every page from both.
    pub const MINIFIED: &str = include_str!("../../tests/fixtures/index.min.html");
    pub const PLAIN: &str = include_str!("../../tests/fixtures/index.plain.html");

    fn fill(drawn: bool) -> Fill<'static> {
        Fill {
            lang: "en-US",
            title: "Cherries <b> · haitao",
            description: "Sweet \"red\" ones",
            head: "<link rel=\"canonical\" href=\"https://shop.example/p/x\">",
            shell: "<main><img src=/img/x.webp></main>",
            drawn,
        }
    }

    #[test]
    fn minified_and_plain_templates_make_the_same_page() {
        for template in [MINIFIED, PLAIN] {
            let t = Template::parse(template).expect("the template");
            for drawn in [true, false] {
                let made = t.make(&fill(drawn));
                let html = &made.html;
                assert!(
                    html.contains("lang=\"en-US\"") || html.contains("lang=en-US"),
                    "{html}"
                );
                assert!(!html.contains("zh-CN"), "{html}");
                assert!(
                    html.contains("<title>Cherries &lt;b&gt; · haitao</title>"),
                    "{html}"
                );
                assert!(
                    html.contains("Sweet &quot;red&quot; ones") && !html.contains("site words"),
                    "{html}"
                );
                assert!(
                    html.contains("<div id=shell><main>")
                        || html.contains("<div id=\"shell\"><main>"),
                    "{html}"
                );
                assert!(
                    html.find("rel=\"canonical\"") < html.find("</head>"),
                    "{html}"
                );
                // The loader waits for the picture only on a drawn page, and
                // then the wasm is not preloaded beside it.
                let waits = html.contains("document.querySelector('#shell img')");
                assert_eq!(waits, drawn, "{html}");
                assert_eq!(html.contains("application/wasm"), !drawn, "{html}");
                if waits {
                    let (import, wait, init) = (
                        html.find("import init").unwrap_or(usize::MAX),
                        html.find("#shell img").unwrap_or(0),
                        html.find("await init(").unwrap_or(0),
                    );
                    assert!(import < wait && wait < init, "{html}");
                }
                // The CSP allows exactly the loader that is in the page.
                let start = html
                    .find("<script type")
                    .and_then(|s| html[s..].find('>').map(|e| s + e + 1));
                let body = start.and_then(|s| html[s..].find("</script>").map(|e| &html[s..s + e]));
                let hash = crate::web::csp::hash(body.unwrap_or_default());
                assert!(made.csp.contains(&hash), "{} vs {}", made.csp, hash);
                assert!(!made.csp.contains("unsafe-inline"));
                assert!(!html.contains(MARK));
            }
        }
    }

    #[test]
    fn a_template_without_the_frame_is_refused() {
        assert!(matches!(
            Template::parse("<html><title>x</title><body></body></html>"),
            Err(TemplateError::Missing("#shell"))
        ));
    }

    #[test]
    fn data_blocks_are_not_allowed_as_scripts() {
        let t = Template::parse("<html><title>x</title><script type=application/ld+json>{}</script><script>go()</script><div id=shell></div></html>")
            .expect("template");
        let made = t.make(&fill(false));
        assert!(made.csp.contains(&crate::web::csp::hash("go()")));
        assert!(!made.csp.contains(&crate::web::csp::hash("{}")));
    }
}
