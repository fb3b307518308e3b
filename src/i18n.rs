//! The one message catalogue: every user-facing string of the app is a [`Msg`].
//!
//! Chinese is the default language and English stands beside it. Because messages are an enum,
//! a missing translation is a compile error, and switching language never touches a component.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The value for the document's `lang` attribute.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// Every fixed string the UI shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    AppName,
    AppTagline,
    SwitchLanguage,
    IssuedBy,
    IssuedOn,
    Period,
    Sections,
    Points,
    Tasks,
    Targets,
    Milestones,
    PlanOutline,
    ShowFullText,
    FullText,
    KindQuantitative,
    KindMilestone,
    KindOngoing,
    NoTasks,
    Metric,
    Value,
    Unit,
    Comparator,
    Commitment,
    CmpAtLeast,
    CmpAtMost,
    CmpAbout,
    CmpMaintain,
    CmpExactly,
    CommitEnsure,
    CommitStrive,
    Growth,
    ParserNotes,
    Footer,
    StorageUnavailable,
    StorageUnreadable,
    StorageUnreadableKept,
    StorageUnreadableNotKept,
    StorageFull,
    StorageWriteFailed,
    DownloadUnreadable,
    DownloadData,
    Dismiss,
    Correct,
    DoneEditing,
    Save,
    Cancel,
    NotATarget,
    Restore,
    Excluded,
    AddTarget,
    TaskKind,
    Corrected,
    UndoCorrection,
    CorrectionsCount,
    OrphanCorrections,
    ErrEmpty,
    ErrNotANumber,
    ErrTooLong,
    ErrMetricRequired,
    ErrUnitRequired,
}

impl Msg {
    /// The message in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        let (zh, en) = self.pair();
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        use Msg::*;
        match self {
            AppName => ("台账", "Taizhang"),
            AppTagline => ("工作要点任务与进度台账", "Work-plan task & progress ledger"),
            SwitchLanguage => ("English", "中文"),
            IssuedBy => ("发文机关", "Issued by"),
            IssuedOn => ("印发日期", "Issued on"),
            Period => ("执行期", "Period"),
            Sections => ("部分", "Sections"),
            Points => ("要点", "Points"),
            Tasks => ("任务", "Tasks"),
            Targets => ("量化指标", "Targets"),
            Milestones => ("节点任务", "Milestones"),
            PlanOutline => ("要点目录", "Outline"),
            ShowFullText => ("展开全文", "Show full text"),
            FullText => ("原文", "Source text"),
            KindQuantitative => ("量化", "Quantitative"),
            KindMilestone => ("节点", "Milestone"),
            KindOngoing => ("持续", "Ongoing"),
            NoTasks => ("本条未识别出任务", "No tasks found in this point"),
            Metric => ("指标", "Metric"),
            Value => ("目标值", "Target"),
            Unit => ("单位", "Unit"),
            Comparator => ("口径", "Comparator"),
            Commitment => ("要求", "Commitment"),
            CmpAtLeast => ("不低于", "at least"),
            CmpAtMost => ("不高于", "at most"),
            CmpAbout => ("左右", "about"),
            CmpMaintain => ("保持", "maintain"),
            CmpExactly => ("等于", "exactly"),
            CommitEnsure => ("确保", "ensure"),
            CommitStrive => ("力争", "strive"),
            Growth => ("增速", "growth"),
            ParserNotes => ("解析提示", "Parser notes"),
            Footer => (
                "数据仅保存在本浏览器中，不上传任何服务器。",
                "Data stays in this browser; nothing is sent to any server.",
            ),
            StorageUnavailable => (
                "本浏览器无法使用本地存储（可能处于无痕模式），本次录入的内容在关闭页面后不会保留，请及时导出。",
                "This browser's local storage is unavailable (private mode?): what you enter will not be kept after closing; export it.",
            ),
            StorageUnreadable => ("本地保存的数据无法读取。", "The data stored in this browser could not be read."),
            StorageUnreadableKept => (
                "原数据已另行备份，未被覆盖，可下载保存。",
                "The original was kept aside, not overwritten, and can be downloaded.",
            ),
            StorageUnreadableNotKept => (
                "原数据无法备份，为避免覆盖，本次更改不会写入本地存储，请先下载原数据。",
                "The original could not be kept aside; to avoid overwriting it, changes will not be saved. Download it first.",
            ),
            StorageFull => (
                "本地存储空间已满，最近的更改未能保存，已保存的数据不受影响。请下载数据备份。",
                "Browser storage is full: the latest change was not saved; what was saved before is intact. Download a copy.",
            ),
            StorageWriteFailed => ("保存到本地存储失败。", "Saving to browser storage failed."),
            DownloadUnreadable => ("下载原数据", "Download the original"),
            DownloadData => ("下载数据备份", "Download a copy"),
            Dismiss => ("知道了", "Dismiss"),
            Correct => ("更正", "Correct"),
            DoneEditing => ("完成", "Done"),
            Save => ("保存", "Save"),
            Cancel => ("取消", "Cancel"),
            NotATarget => ("不是指标", "Not a target"),
            Restore => ("恢复", "Restore"),
            Excluded => ("已排除", "Excluded"),
            AddTarget => ("添加指标", "Add target"),
            TaskKind => ("任务类型", "Task kind"),
            Corrected => ("已更正", "corrected"),
            UndoCorrection => ("撤销上一次更正", "Undo last correction"),
            CorrectionsCount => ("条更正", "corrections"),
            OrphanCorrections => (
                "条更正找不到对应的任务或指标（计划文本可能已变化），已保留待重新关联。",
                "corrections no longer match a task or target (the plan text may have changed); they are kept for re-attachment.",
            ),
            ErrEmpty => ("请填写数值", "Enter a number"),
            ErrNotANumber => ("不是有效的数字，例如 40、1.36、1,234", "Not a number; e.g. 40, 1.36, 1,234"),
            ErrTooLong => ("数字位数过多", "Too many digits"),
            ErrMetricRequired => ("请填写指标名称", "Enter what is measured"),
            ErrUnitRequired => ("请填写单位，如 亿元、万亩、%", "Enter a unit, e.g. 亿元, 万亩, %"),
        }
    }
}
