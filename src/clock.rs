//! Time and record ids, from the browser's clock.

use taizhang_core::Date;

/// Milliseconds since 1970 now.
pub fn now_ms() -> i64 {
    web_sys::js_sys::Date::now() as i64
}

/// Today's date in the browser's local time zone.
pub fn local_today() -> Date {
    let d = web_sys::js_sys::Date::new_0();
    Date::new(
        d.get_full_year() as i32,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    )
    .unwrap_or_else(|| Date::new(2025, 1, 1).expect("a valid constant date"))
}

/// A record id unique enough across users and tabs: time plus randomness, hex.
pub fn new_id() -> String {
    let rand = (web_sys::js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("{:011x}{rand:08x}", now_ms())
}

/// Resolves after `ms` milliseconds (a browser timer: the page goes on meanwhile).
pub async fn sleep(ms: i32) {
    let promise = web_sys::js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
