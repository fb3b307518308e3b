//! A char-indexed view of the input, so that every span counts chars and slicing never splits
//! a multi-byte character.

use crate::Span;

pub struct Source {
    /// The text with traditional characters folded to simplified ones, char for char: what every
    /// rule matches against, so that 萬元 reads as 万元 and 責任單位 as 责任单位.
    chars: Vec<char>,
    /// The text as written: what every slice returns.
    original: Vec<char>,
}

/// Traditional characters that plans' keywords and units use, and (at the same position in
/// [`SIMPLIFIED`]) their simplified forms. The fold is one char for one char, so offsets never
/// move.
const TRADITIONAL: &str = "萬億個畝戶項噸條間輛處場張頭點臺號屆歲時單責牽稱設內實際確爭標準達額資長為業產發區縣鎮務劃進計與於過級門園學醫衛養農鄉車電網線濟辦組織關應備總據價領導題興樓橋鐵運動環績質創個舉屬續雙東華陽歷邊態廣擴護權穩難壓險們點這當將後從來對會開現還經幾稅費補貼節戰圍營帶統籌幫員預勞歸齡療滿貨讓龍鐘盞體務態護線區劃廠礦壩閘灣攤爐燈種監測塊覆蓋訓練參協調審議規範檔頁併齊視聽";
const SIMPLIFIED: &str = "万亿个亩户项吨条间辆处场张头点台号届岁时单责牵称设内实际确争标准达额资长为业产发区县镇务划进计与于过级门园学医卫养农乡车电网线济办组织关应备总据价领导题兴楼桥铁运动环绩质创个举属续双东华阳历边态广扩护权稳难压险们点这当将后从来对会开现还经几税费补贴节战围营带统筹帮员预劳归龄疗满货让龙钟盏体务态护线区划厂矿坝闸湾摊炉灯种监测块覆盖训练参协调审议规范档页并齐视听";

fn fold_table() -> &'static rustc_hash::FxHashMap<char, char> {
    static TABLE: std::sync::OnceLock<rustc_hash::FxHashMap<char, char>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| TRADITIONAL.chars().zip(SIMPLIFIED.chars()).collect())
}

/// One line: its span without the line break, trimmed of surrounding whitespace.
#[derive(Clone, Copy, Debug)]
pub struct Line {
    pub span: Span,
}

impl Source {
    pub fn new(input: &str) -> Source {
        let original: Vec<char> = input.chars().collect();
        let table = fold_table();
        let chars = original
            .iter()
            .map(|c| {
                if *c < '\u{4e00}' {
                    *c
                } else {
                    table.get(c).copied().unwrap_or(*c)
                }
            })
            .collect();
        Source { chars, original }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The text of `span` (clipped to the input).
    pub fn slice(&self, span: Span) -> String {
        let end = span.end().min(self.original.len());
        let start = span.start().min(end);
        self.original[start..end].iter().collect()
    }

    pub fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// Non-empty lines, trimmed (full-width spaces included).
    pub fn lines(&self) -> Vec<Line> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 0..=self.chars.len() {
            if i == self.chars.len() || self.chars[i] == '\n' || self.chars[i] == '\r' {
                let span = self.trim(Span(start, i));
                if !span.is_empty() {
                    out.push(Line { span });
                }
                start = i + 1;
            }
        }
        out
    }

    /// `span` without leading and trailing whitespace.
    pub fn trim(&self, span: Span) -> Span {
        let (mut a, mut b) = (span.start(), span.end().min(self.chars.len()));
        // A byte-order mark is as good as whitespace: editors on Windows put one at the start.
        let blank = |c: char| c.is_whitespace() || c == '\u{feff}';
        while a < b && blank(self.chars[a]) {
            a += 1;
        }
        while b > a && blank(self.chars[b - 1]) {
            b -= 1;
        }
        Span(a, b)
    }
}

/// The value of an ASCII or full-width digit.
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a Chinese numeral such as 一, 十二, 二十一 (1..=99), as used in headings.
pub fn chinese_number(s: &str) -> Option<u32> {
    let d = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .map(|p| p as u32)
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => d(*a).filter(|v| *v > 0),
        ['十', b] => d(*b).map(|v| 10 + v),
        [a, '十'] => d(*a).map(|v| v * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}
