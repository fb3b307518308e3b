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
const TRADITIONAL: &str = "機構認識報壓獅狀況銷團圖書畫檔審監財讀寫記錄類數據庫鑒聯絡務鄉區輔維護織給統結績續綜緊線網經縣級紀約紅純細終絕組練積稱種穩獲環現產廠歷歸樂樓標檢權橋歡殘氣漢濟滬灣燈營爭獎畢當療發盡碼確礎禮稅競筆築節範簡簽糧糾納紙縮總繳罰義習聞職聽腦臨與興舉舊藝藥蘇處虛號衛衝補裝製複覽親觀計訂訊設許訴診詞試話該詳誤說請論諮謀謝證議變讓負責貨貧購貫費資賠質贊趕車軍軟載輕輛輸農這連進運過達違遠適選遲遺邊郵醫釋針銀鋪鋼錢錯鍵鎮長門閉開間閘閱關陸陳陽際險隨隱雙雜離難電靈響頁項順須預領頻題顧風飛飲養館馬驗體鬥魚鳥麥黃點齊齡龍屬島廣廳彙徑從復徵應懷戰戶掃掛揚換損擔擁擇擊擴敗斷無時暫會東條來極樣樹橫歐決沒減溝滅滿漁潔濕濱災為煙熱獨獻畝異盤眾礦窮緣編緩繼羅聲臺艱華萬葉蓋蘭術見規視覺訓託訪評詢語誠調談諾講譯豐貿賣賽趨躍較輪辦鐵隊階雖靜頭頒顯餘驅鮮麗億個噸場張屆歲單牽內實準額業劃於園學備價導創態們後幾貼帶籌幫員勞鐘盞壩攤爐測塊參協併寬鄰動將對還圍漲勵釐媽嚴倉傳傷僅優兒兩凈劇勢勝壯婦並廢彎慮慶憶懸擬撐攜敘樞殺濃燒犧獄瑋疊癥緒繩翹腎膽葦蕭薦藍衆裏褲誕諸謹貳賬賦贏跡軸輻辯遞邁鄒釘鈔鋒閃陣隸韋頂頸飢騎驕鬆鴨鵝齋";
const SIMPLIFIED: &str = "机构认识报压狮状况销团图书画档审监财读写记录类数据库鉴联络务乡区辅维护织给统结绩续综紧线网经县级纪约红纯细终绝组练积称种稳获环现产厂历归乐楼标检权桥欢残气汉济沪湾灯营争奖毕当疗发尽码确础礼税竞笔筑节范简签粮纠纳纸缩总缴罚义习闻职听脑临与兴举旧艺药苏处虚号卫冲补装制复览亲观计订讯设许诉诊词试话该详误说请论咨谋谢证议变让负责货贫购贯费资赔质赞赶车军软载轻辆输农这连进运过达违远适选迟遗边邮医释针银铺钢钱错键镇长门闭开间闸阅关陆陈阳际险随隐双杂离难电灵响页项顺须预领频题顾风飞饮养馆马验体斗鱼鸟麦黄点齐龄龙属岛广厅汇径从复征应怀战户扫挂扬换损担拥择击扩败断无时暂会东条来极样树横欧决没减沟灭满渔洁湿滨灾为烟热独献亩异盘众矿穷缘编缓继罗声台艰华万叶盖兰术见规视觉训托访评询语诚调谈诺讲译丰贸卖赛趋跃较轮办铁队阶虽静头颁显余驱鲜丽亿个吨场张届岁单牵内实准额业划于园学备价导创态们后几贴带筹帮员劳钟盏坝摊炉测块参协并宽邻动将对还围涨励厘妈严仓传伤仅优儿两净剧势胜壮妇并废弯虑庆忆悬拟撑携叙枢杀浓烧牺狱玮叠症绪绳翘肾胆苇萧荐蓝众里裤诞诸谨贰账赋赢迹轴辐辩递迈邹钉钞锋闪阵隶韦顶颈饥骑骄松鸭鹅斋";

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

    /// The text of `span` with traditional characters folded: for matching words, never for
    /// showing.
    pub fn folded(&self, span: Span) -> String {
        let end = span.end().min(self.chars.len());
        let start = span.start().min(end);
        self.chars[start..end].iter().collect()
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
