//! A generated city-sized plan and a year of its ledger, for `scripts/bench.sh`: 10 sections of
//! 10 points of 10 tasks (1,000 tasks), 200 of them with a quantitative target, and 48,000
//! entries from 20 units. Deterministic, so runs compare.

use taizhang_core::ledger::{Entry, EntryValue, Health};
use taizhang_core::snapshot::{self, Snapshot};
use taizhang_core::userdata::UserData;
use taizhang_core::{Date, Decimal, Plan};

const DIGITS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const UNITS: [&str; 20] = [
    "市发改委",
    "市财政局",
    "市教育局",
    "市科技局",
    "市工信局",
    "市民政局",
    "市人社局",
    "市自然资源局",
    "市生态环境局",
    "市住建局",
    "市交通局",
    "市水利局",
    "市农业农村局",
    "市商务局",
    "市文旅局",
    "市卫健委",
    "市应急局",
    "市市场监管局",
    "市林草局",
    "市城管局",
];

/// The plan text: a notice header, then sections, points and task sentences.
pub fn plan_text() -> String {
    let mut s = String::from(
        "某市人民政府2025年工作要点\n2025年,市政府坚持稳中求进工作总基调,扎实推进各项工作。\n",
    );
    let mut task = 0;
    for (sec, digit) in DIGITS.iter().enumerate() {
        s.push_str(&format!("{digit}、第{}方面重点工作\n", sec + 1));
        for pt in 0..10 {
            s.push_str(&format!(
                "{}.推进第{}项重点任务。",
                sec * 10 + pt + 1,
                sec * 10 + pt + 1
            ));
            for _ in 0..10 {
                if task % 5 == 0 {
                    s.push_str(&format!(
                        "由{}牵头,力争完成第{}批示范项目{}个以上。",
                        UNITS[task % 20],
                        task,
                        10 + task % 90
                    ));
                } else {
                    s.push_str(&format!(
                        "由{}牵头,统筹推进第{}项工作机制建设和常态化管理。",
                        UNITS[task % 20],
                        task
                    ));
                }
                task += 1;
            }
            s.push('\n');
        }
    }
    s
}

/// 48,000 entries over the plan's tasks and targets: a monthly figure for every target, the
/// rest health states of tasks, all through the year.
pub fn ledger(plan: &Plan, entries: usize) -> UserData {
    let targets: Vec<&str> = plan.targets().map(|t| t.id.as_str()).collect();
    let tasks: Vec<&str> = plan.tasks().map(|t| t.id.as_str()).collect();
    let base = 1_735_689_600_000_i64; // 2025-01-01
    let list = (0..entries)
        .map(|i| {
            let month = (i % 12) as u8 + 1;
            let as_of = Date::new(2025, month, 28).expect("a valid date");
            let (subject, value) = if i % 5 == 0 && !targets.is_empty() {
                (
                    targets[(i / 5) % targets.len()],
                    EntryValue::Figure {
                        value: Decimal::new((i % 1000) as i128, 1),
                    },
                )
            } else {
                (
                    tasks[i % tasks.len()],
                    EntryValue::Health {
                        health: [Health::Good, Health::Concern, Health::Behind][i % 3],
                    },
                )
            };
            Entry {
                id: format!(
                    "{:011x}{:08x}",
                    base + i as i64,
                    (i as u64).wrapping_mul(2_654_435_761) as u32
                ),
                subject: subject.to_string(),
                as_of,
                value,
                note: String::new(),
                unit: UNITS[i % 20].to_string(),
                recorded_at: base + (i as i64) * 600_000,
                supersedes: None,
            }
        })
        .collect();
    UserData {
        entries: list,
        ..UserData::default()
    }
}

/// The snapshot a city office would import.
pub fn snapshot(plan: &Plan, entries: usize) -> Snapshot {
    snapshot::snapshot_of(
        plan,
        &Default::default(),
        &ledger(plan, entries),
        None,
        1_751_356_800_000,
        "bench",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_city_plan_has_the_promised_size() {
        let plan = taizhang_core::parse_plan(&plan_text());
        assert_eq!(plan.sections.len(), 10);
        assert_eq!(plan.points().count(), 100);
        assert_eq!(plan.tasks().count(), 1000);
        assert_eq!(plan.targets().count(), 200);
        let snap = snapshot(&plan, 48_000);
        assert_eq!(snap.data.entries.len(), 48_000);
        let decoded =
            taizhang_core::snapshot::decode(&taizhang_core::snapshot::encode(&snap)).unwrap();
        assert_eq!(decoded.data.entries.len(), 48_000);
    }
}
