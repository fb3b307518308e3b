//! Moving snapshots in and out of the browser: file export, file reading, and the share link's
//! compression.
//!
//! Compression uses the browser's own `CompressionStream` / `DecompressionStream` (raw deflate):
//! no compressor is shipped in the wasm. Decompression stops at the snapshot size limit, so a
//! hostile link cannot make the page inflate gigabytes.

use std::collections::HashSet;

use leptos::prelude::*;
use taizhang_core::share::{self, LinkError};
use taizhang_core::snapshot::{self, Snapshot, SnapshotError};
use wasm_bindgen::prelude::*;

use crate::clock::now_ms;
use crate::i18n::Msg;
use crate::prefs::Prefs;
use crate::session::Session;

#[wasm_bindgen(inline_js = r#"
export async function deflate(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
export async function inflate(bytes, limit) {
  const reader = new Blob([bytes]).stream()
    .pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw new RangeError("too-large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn deflate(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    pub(crate) async fn inflate(bytes: &[u8], limit: f64) -> Result<JsValue, JsValue>;
}

/// Why a share link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenError {
    Link(LinkError),
    Snapshot(SnapshotError),
}

/// The share-link fragment (`#share=…`) carrying `snapshot`.
pub async fn share_fragment(snapshot: &Snapshot) -> Option<String> {
    let compressed = deflate(&snapshot::encode_compact(snapshot)).await.ok()?;
    let bytes = web_sys::js_sys::Uint8Array::new(&compressed).to_vec();
    Some(share::fragment(&bytes))
}

/// Reads the snapshot a share link's payload carries, checking everything.
pub async fn open_payload(payload: &str) -> Result<Snapshot, OpenError> {
    let compressed = share::decode_payload(payload).map_err(OpenError::Link)?;
    let inflated = inflate(&compressed, snapshot::MAX_BYTES as f64)
        .await
        .map_err(|e| {
            let too_large = e.dyn_ref::<web_sys::js_sys::RangeError>().is_some();
            OpenError::Link(if too_large {
                LinkError::TooLarge
            } else {
                LinkError::BadCompression
            })
        })?;
    let bytes = web_sys::js_sys::Uint8Array::new(&inflated).to_vec();
    let text = String::from_utf8(bytes).map_err(|_| OpenError::Link(LinkError::NotText))?;
    snapshot::decode(&text).map_err(OpenError::Snapshot)
}

/// Reads a chosen or dropped file as text; a file over the snapshot limit is refused unread.
/// The bytes are read with gloo's `FileReader` wrapper and checked as UTF-8 in wasm (no detour
/// through a JavaScript string, which costs a decode and an encode of the whole file).
pub async fn read_file(file: web_sys::File) -> Result<String, SnapshotError> {
    let file = gloo_file::File::from(file);
    let size = usize::try_from(file.size()).unwrap_or(usize::MAX);
    if size > snapshot::MAX_BYTES {
        return Err(SnapshotError::TooLarge {
            bytes: size,
            limit: snapshot::MAX_BYTES,
        });
    }
    let bytes = gloo_file::futures::read_as_bytes(&file)
        .await
        .map_err(|_| SnapshotError::NotJson { line: 1, column: 1 })?;
    // Not UTF-8: as a JSON reader would, point at where the text stops making sense.
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        SnapshotError::NotJson { line, column }
    })
}

/// The snapshot of this browser's data, or of the chosen units' entries only.
pub fn snapshot_of(session: Session, ui: Prefs, units: Option<&HashSet<String>>) -> Snapshot {
    let unit = match units {
        Some(u) if u.len() == 1 => u.iter().next().cloned(),
        Some(_) => None,
        None => Some(ui.my_unit.get_untracked().trim().to_string()).filter(|u| !u.is_empty()),
    };
    let data = session.data().with_untracked(|d| match units {
        Some(units) => taizhang_core::exchange::department(d, units),
        None => d.clone(),
    });
    let overrides = session.tracked.with_value(|t| t.overrides.clone());
    session.parsed.with_value(|plan| {
        snapshot::snapshot_of(
            plan,
            &overrides,
            &data,
            unit,
            now_ms(),
            env!("CARGO_PKG_VERSION"),
        )
    })
}

/// The file name of a snapshot: plan, unit (or "all" / the units chosen) and date.
pub fn file_name(ui: Prefs, snapshot: &Snapshot, units: Option<&HashSet<String>>) -> String {
    let lang = ui.lang.get_untracked();
    let who = match units {
        Some(u) => {
            let mut list: Vec<&str> = u.iter().map(String::as_str).collect();
            taizhang_core::order::sort_by(&mut list, |u| (0, 0, u));
            list.join("+")
        }
        None => snapshot
            .unit
            .clone()
            .unwrap_or_else(|| Msg::All.text(lang).to_string()),
    };
    let name = Msg::SnapshotFileName.fill(lang, &[&snapshot.plan.title, &who, &ui.today]);
    let clean: String = name
        .chars()
        .map(|c| if r#"\/:*?"<>|"#.contains(c) { '_' } else { c })
        .collect();
    format!("{clean}.json")
}

/// Downloads a snapshot; marks the data exported when it is the whole of it.
pub fn export(session: Session, ui: Prefs, units: Option<&HashSet<String>>) -> bool {
    let snap = snapshot_of(session, ui, units);
    let name = file_name(ui, &snap, units);
    let ok = crate::files::download(&name, "application/json", &snapshot::encode(&snap));
    if ok && units.is_none() && !session.readonly() {
        session.mark_exported();
    }
    ok
}
