//! Browser tests of reading a Word `.docx`: the fixtures of `taizhang-core` (built by
//! `crates/taizhang-core/tests/fixtures/make_docx.py`) as `File`s, inflated by the browser.
//! Run with `cargo test -p taizhang --target wasm32-unknown-unknown --test docx`.
#![cfg(target_arch = "wasm32")]

use taizhang::wordfile::read_docx;
use taizhang_core::docx::{self, DocxError};
use taizhang_core::parse_plan;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("../seeds/naidong-2025-work-points.txt");

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../crates/taizhang-core/tests/fixtures/", $name)).as_slice()
    };
}

/// A `File` holding `bytes`, as a file input or a drop gives it.
fn file(bytes: &[u8], name: &str) -> web_sys::File {
    let parts = web_sys::js_sys::Array::of1(&web_sys::js_sys::Uint8Array::from(bytes));
    web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap()
}

/// Reads `bytes` as a chosen `.docx` and compares the outcome with `expected`.
async fn check(bytes: &[u8], expected: Result<&str, DocxError>) {
    let actual = read_docx(file(bytes, "plan.docx")).await;
    assert_eq!(actual.as_deref().map_err(Clone::clone), expected);
}

#[wasm_bindgen_test]
async fn the_seed_as_a_deflated_docx_reads_as_the_plan() {
    check(fixture!("naidong-2025.docx"), Ok(SEED)).await;
    let text = read_docx(file(fixture!("naidong-2025.docx"), "plan.docx"))
        .await
        .unwrap();
    assert_eq!(parse_plan(&text), parse_plan(SEED));
}

#[wasm_bindgen_test]
async fn the_seed_as_python_docx_writes_it_reads_as_the_plan() {
    check(fixture!("naidong-2025.python-docx.docx"), Ok(SEED)).await;
}

#[wasm_bindgen_test]
async fn a_stored_document_needs_no_inflating() {
    check(fixture!("naidong-2025.stored.docx"), Ok(SEED)).await;
}

#[wasm_bindgen_test]
async fn a_table_reads_as_rows_of_tab_separated_cells() {
    let text = read_docx(file(fixture!("targets-table.docx"), "t.docx"))
        .await
        .unwrap();
    assert_eq!(
        text.lines().nth(2),
        Some("固定资产投资\t40亿元以上\t区发展改革委 区财政局")
    );
}

#[wasm_bindgen_test]
async fn a_pdf_is_named_as_such() {
    check(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        Err(DocxError::Pdf),
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_cut_short_zip_is_damaged() {
    let bytes = fixture!("naidong-2025.docx");
    check(&bytes[..bytes.len() / 2], Err(DocxError::Damaged)).await;
}

#[wasm_bindgen_test]
async fn a_broken_deflate_stream_is_damaged() {
    let mut bytes = fixture!("naidong-2025.docx").to_vec();
    let part = docx::document_part(&bytes).unwrap();
    // Block type 3 is reserved: the browser's inflater refuses the stream at once.
    bytes[part.range.start] = 0xff;
    check(&bytes, Err(DocxError::Damaged)).await;
}

#[wasm_bindgen_test]
async fn an_understated_size_is_stopped_by_the_inflater() {
    check(
        fixture!("understated.docx"),
        Err(DocxError::TooLarge {
            bytes: docx::MAX_DOCUMENT_BYTES as u64 + 1,
            limit: docx::MAX_DOCUMENT_BYTES,
        }),
    )
    .await;
}
