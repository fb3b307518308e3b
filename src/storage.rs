//! The one module that touches localStorage.
//!
//! It loads the user's data through the same versioned decoder that imports use
//! ([`taizhang_core::userdata::decode`]) and saves after every change. Failures never panic and
//! never lose data:
//! - storage unavailable (private mode, disabled): the app runs from memory and says so;
//! - a stored value it cannot read: the raw value is first copied aside under a backup key, and
//!   the main key is only written again once that copy exists;
//! - storage full: the last good value stays, and the user is told and offered an export.

use taizhang_core::userdata::{self, DecodeError, UserData};
use wasm_bindgen::JsValue;
use web_sys::{js_sys, Storage};

/// The key of the user's data. The version in the document, not the key, drives migrations.
pub const KEY: &str = "taizhang.data";
/// Prefix of keys holding values that could not be read, kept for the user to download.
pub const UNREADABLE_PREFIX: &str = "taizhang.unreadable.";

/// What went wrong with storage, for the banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageProblem {
    /// localStorage is not available at all.
    Unavailable,
    /// The stored value could not be read; it was kept under `backup_key` (if the copy worked)
    /// and is in `raw` for download.
    Unreadable {
        error: DecodeError,
        backup_key: Option<String>,
        raw: String,
    },
    /// The browser refused to store more (QuotaExceededError).
    Full,
    /// Any other write failure, with the browser's message.
    WriteFailed(String),
}

/// The result of loading at start-up.
pub struct Loaded {
    pub data: UserData,
    pub problem: Option<StorageProblem>,
    /// False when saving must not touch [`KEY`] (its unreadable value could not be kept aside).
    pub may_save: bool,
}

fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Loads the user's data; never fails (see the module docs).
pub fn load() -> Loaded {
    let Some(storage) = local_storage() else {
        return Loaded {
            data: UserData::default(),
            problem: Some(StorageProblem::Unavailable),
            may_save: false,
        };
    };
    let raw = match storage.get_item(KEY) {
        Ok(Some(raw)) => raw,
        Ok(None) => {
            return Loaded {
                data: UserData::default(),
                problem: None,
                may_save: true,
            }
        }
        Err(_) => {
            return Loaded {
                data: UserData::default(),
                problem: Some(StorageProblem::Unavailable),
                may_save: false,
            }
        }
    };
    match userdata::decode(&raw) {
        Ok(data) => Loaded {
            data,
            problem: None,
            may_save: true,
        },
        Err(error) => {
            let backup_key = keep_aside(&storage, &raw);
            Loaded {
                data: UserData::default(),
                may_save: backup_key.is_some(),
                problem: Some(StorageProblem::Unreadable {
                    error,
                    backup_key,
                    raw,
                }),
            }
        }
    }
}

/// Copies an unreadable value to a backup key (reusing one that already holds the same value)
/// and returns that key, or `None` if the browser refused the copy.
fn keep_aside(storage: &Storage, raw: &str) -> Option<String> {
    let len = storage.length().unwrap_or(0);
    for i in 0..len {
        if let Ok(Some(key)) = storage.key(i) {
            if key.starts_with(UNREADABLE_PREFIX)
                && storage.get_item(&key).ok().flatten().as_deref() == Some(raw)
            {
                return Some(key);
            }
        }
    }
    let key = format!("{UNREADABLE_PREFIX}{}", js_sys::Date::now() as u64);
    storage.set_item(&key, raw).ok().map(|()| key)
}

/// Saves `data` under [`KEY`] by read-merge-write: whatever another tab stored meanwhile is
/// merged in (a set union, so nothing recorded in either is lost). Returns what was written,
/// which the caller adopts when it holds more than `data`.
///
/// If the stored value has become unreadable since start-up, it is kept aside first, exactly as
/// at load; if that copy fails, nothing is written.
pub fn save(data: &UserData) -> Result<UserData, StorageProblem> {
    let storage = local_storage().ok_or(StorageProblem::Unavailable)?;
    let merged = match storage.get_item(KEY) {
        Ok(Some(raw)) => match userdata::decode(&raw) {
            Ok(theirs) => userdata::merge(data, &theirs),
            Err(error) => {
                if keep_aside(&storage, &raw).is_none() {
                    return Err(StorageProblem::Unreadable {
                        error,
                        backup_key: None,
                        raw,
                    });
                }
                data.clone()
            }
        },
        _ => data.clone(),
    };
    storage
        .set_item(KEY, &userdata::encode(&merged))
        .map_err(|e| classify_write_error(&e))?;
    Ok(merged)
}

/// Decodes a value another tab stored (from a `storage` event); `None` if it is unreadable.
pub fn decode_foreign(raw: &str) -> Option<UserData> {
    userdata::decode(raw).ok()
}

/// Small per-browser preferences (UI language, the user's reporting unit). Losing them is
/// harmless, so failures are ignored.
pub mod prefs {
    use super::local_storage;

    const PREFIX: &str = "taizhang.pref.";

    pub fn get(name: &str) -> Option<String> {
        local_storage()?
            .get_item(&format!("{PREFIX}{name}"))
            .ok()
            .flatten()
    }

    pub fn set(name: &str, value: &str) {
        if let Some(s) = local_storage() {
            let _ = s.set_item(&format!("{PREFIX}{name}"), value);
        }
    }
}

/// Asks the browser to keep this site's data under storage pressure. Fire and forget: the answer
/// only changes how safe the data is, and the "last exported" note covers the rest.
pub fn request_persistence() {
    if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
        let _ = storage.persist();
    }
}

fn classify_write_error(e: &JsValue) -> StorageProblem {
    let name = js_field(e, "name");
    // Firefox historically used NS_ERROR_DOM_QUOTA_REACHED; code 22 is the legacy quota code.
    if name == "QuotaExceededError"
        || name == "NS_ERROR_DOM_QUOTA_REACHED"
        || js_field(e, "code") == "22"
    {
        StorageProblem::Full
    } else {
        StorageProblem::WriteFailed(js_field(e, "message"))
    }
}

/// A property of a JS error object as a string ("" when absent).
fn js_field(e: &JsValue, field: &str) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str(field))
        .ok()
        .and_then(|v| v.as_string().or_else(|| v.as_f64().map(|n| n.to_string())))
        .unwrap_or_default()
}
