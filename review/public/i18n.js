/**
 * The page's words in Chinese (the default: the analysts read Chinese forms) and English. `t(key)` looks a
 * phrase up in the chosen language, `{name}` placeholders filled from `values`; the choice is kept in
 * localStorage. Flag titles and explanations come from the server's catalogue (`schemas/flag-catalogue.ts`),
 * so the page and the eval name a code the same way.
 */

const LANGUAGE_KEY = "review-language";

/** @typedef {"zh" | "en"} Language */

/** @type {Record<string, { zh: string, en: string }>} */
const PHRASES = {
  brand: { zh: "审核队列", en: "Review queue" },
  shortcuts: { zh: "快捷键", en: "Shortcuts" },
  keyboard: { zh: "键盘", en: "Keyboard" },
  keyNext: { zh: "下一条记录（按当前筛选）", en: "next record (in the queue as filtered)" },
  keyPrevious: { zh: "上一条记录", en: "previous record" },
  keyAccept: { zh: "接受（含你的更正）", en: "accept (with your corrections, if any)" },
  keyAcceptTyping: { zh: "接受，输入时也可用", en: "accept, also while typing in a field" },
  keyReject: { zh: "写备注，然后驳回", en: "write a note, then reject" },
  keyEscape: { zh: "离开输入框；再按一次：返回队列", en: "leave the field; again: back to the queue" },
  keyEnter: { zh: "在队列中：打开所选记录", en: "in the queue: open the selected record" },
  switchLanguage: { zh: "English", en: "中文" },
  switchLanguageTitle: { zh: "Switch to English", en: "切换到中文" },
  runLine: { zh: "运行 {name} · 待审 {queued} / 共 {records}", en: "run {name} · {queued} to review of {records}" },
  reviewerLine: { zh: "审核人：{name}", en: "reviewer: {name}" },
  loading: { zh: "加载中…", en: "Loading…" },
  somethingWrong: { zh: "出错了", en: "Something went wrong" },
  backToQueue: { zh: "返回队列", en: "Back to the queue" },
  serverSilent: { zh: "审核服务没有响应", en: "The review server did not answer" },
  leaveUnsaved: { zh: "离开此记录？未保存的更正将丢失。", en: "Leave this record? Its unsaved corrections will be lost." },

  // Queue
  inQueue: { zh: "待审总数", en: "in queue" },
  withErrors: { zh: "有错误", en: "with errors" },
  warningsOnly: { zh: "仅警告", en: "warnings only" },
  todoCount: { zh: "未审", en: "to do" },
  accepted: { zh: "已接受", en: "accepted" },
  corrected: { zh: "已更正", en: "corrected" },
  rejected: { zh: "已驳回", en: "rejected" },
  progress: { zh: "已审 {reviewed} / 剩余 {remaining}（共 {total}）", en: "{reviewed} reviewed / {remaining} remaining (of {total})" },
  search: { zh: "搜索", en: "Search" },
  searchPlaceholder: { zh: "项目名称、文件或标记代码", en: "project name, document or flag code" },
  flag: { zh: "标记", en: "Flag" },
  anyFlag: { zh: "任意标记", en: "any flag" },
  document: { zh: "文件", en: "Document" },
  anyDocument: { zh: "任意文件", en: "any document" },
  documentPlaceholder: { zh: "输入文件名查找…", en: "type to find a document…" },
  documentsFound: { zh: "共 {total} 个文件", en: "{total} documents" },
  documentsMore: { zh: "还有 {more} 个：请输入更多字词", en: "{more} more: type more of the name" },
  clearDocument: { zh: "清除", en: "clear" },
  region: { zh: "地区", en: "Region" },
  anyRegion: { zh: "任意地区", en: "any region" },
  status: { zh: "状态", en: "Status" },
  anyStatus: { zh: "任意状态", en: "any status" },
  alsoUnflagged: { zh: "包括无警告的记录", en: "also records without warnings" },
  columnProject: { zh: "项目", en: "Project" },
  columnDocument: { zh: "文件", en: "Document" },
  columnRegion: { zh: "地区", en: "Region" },
  columnPages: { zh: "页", en: "Pages" },
  columnFlags: { zh: "标记", en: "Flags" },
  columnStatus: { zh: "状态", en: "Status" },
  noMatch: { zh: "没有符合筛选条件的记录。", en: "No record matches these filters." },
  showing: { zh: "第 {from}–{to} 条，共 {total} 条", en: "Showing {from}–{to} of {total}" },
  previousPage: { zh: "‹ 上一页", en: "‹ Previous page" },
  nextPage: { zh: "下一页 ›", en: "Next page ›" },
  noName: { zh: "（无名称）", en: "(no name)" },
  worstFlag: { zh: "最严重的标记", en: "worst flag" },
  rerunSince: { zh: "已重新运行", en: "re-run since" },
  rerunSinceTitle: { zh: "此决定之后流程重新运行并改变了记录", en: "The pipeline's record changed after this decision" },
  severity_error: { zh: "错误", en: "error" },
  severity_warning: { zh: "警告", en: "warning" },
  severity_info: { zh: "提示", en: "info" },
  severity_none: { zh: "正常", en: "ok" },

  pipelineRead: { zh: "流程读取：{value}", en: "pipeline read: {value}" },
  empty: { zh: "（空）", en: "(empty)" },

  sourcePage: { zh: "原文页面", en: "Source page" },
  page: { zh: "页", en: "Page" },
  previousPageTitle: { zh: "上一页", en: "previous page" },
  nextPageTitle: { zh: "下一页", en: "next page" },
  zoomOut: { zh: "缩小", en: "zoom out" },
  zoomIn: { zh: "放大", en: "zoom in" },
  downloadPdf: { zh: "下载 PDF", en: "Download PDF" },
  pageNotRendered: { zh: "无法渲染该页。", en: "The page could not be rendered." },
  evidencePage: { zh: "证据，第 {page} 页：", en: "Evidence, page {page}:" },
  noBox: { zh: "（该单元格未记录位置）", en: " (no box recorded for this cell)" },
  renderingPage: { zh: "正在渲染页面…", en: "Rendering page…" },
  rowEvidence: { zh: "该字段没有记录单元格：显示其所在行的三级指标单元格。", en: "No cell was recorded for this field: showing its row's 三级指标 cell." },
  wholeField: { zh: "此项针对整个{field}，不是某一个单元格。", en: "This concerns {field} as a whole, not one cell." },
  noEvidence: { zh: "{field}没有记录证据。", en: "No evidence was recorded for {field}." },
  promoteConfirm: {
    zh: "基准必须与原文一致。只有当每处更正都是修正流程的误读、而不是文件本身的错误（如披露中的笔误）时才提升。确定提升？",
    en: "Gold must say what the page says. Promote only if every correction fixes a misreading by the pipeline, not a mistake in the document itself (such as a typo in the disclosure). Promote?",
  },

  // Bulk
  bulkTitle: { zh: "批量处理：{count} 条带“{title}”标记的记录（按当前筛选）", en: "Bulk: {count} records flagged “{title}” (as filtered)" },
  bulkNote: { zh: "备注（驳回时必填）", en: "Note (required to reject)" },
  bulkFalsePositive: { zh: "全部标为误报", en: "Dismiss all as false positives" },
  bulkConfirm: { zh: "全部确认标记", en: "Confirm all" },
  bulkAccept: { zh: "接受未审记录", en: "Accept the undecided records" },
  bulkReject: { zh: "驳回未审记录", en: "Reject the undecided records" },
  bulkConfirmPrompt: { zh: "对 {count} 条记录执行“{action}”？每条记录都会单独记录审核人和时间。", en: "{action} on {count} records? Each record stores it with your name and the time." },
  bulkDone: { zh: "已保存到 {applied} 条记录（跳过 {skipped} 条已审记录）", en: "Saved on {applied} records ({skipped} already decided were left alone)" },
  bulkRejectNeedsNote: { zh: "批量驳回需要填写备注。", en: "A bulk reject needs a note." },

  // Record
  flagsNone: { zh: "无标记", en: "No flags" },
  flagsCount: { zh: "标记（{count}）", en: "Flags ({count})" },
  resolvedByCorrection: { zh: "已由更正解决", en: "resolved by the correction" },
  falsePositive: { zh: "误报", en: "False positive" },
  falsePositiveTitle: { zh: "此标记没有指出真实问题（用于评估规则精度）", en: "This flag points at no real problem (feeds the rule's precision)" },
  confirmFlag: { zh: "确认", en: "Confirm" },
  confirmFlagTitle: { zh: "此标记指出了真实问题", en: "This flag points at a real problem" },
  verdict_false_positive: { zh: "已标为误报：{reviewer}，{time}", en: "dismissed as a false positive by {reviewer}, {time}" },
  verdict_confirmed: { zh: "已确认：{reviewer}，{time}", en: "confirmed by {reviewer}, {time}" },
  verdictBulk: { zh: "（批量）", en: " (bulk)" },
  verdictSaved: { zh: "已保存标记判断", en: "Saved the verdict on the flag" },
  notePlaceholder: { zh: "备注（驳回时必填）：哪里有误、核对了什么", en: "Note (required to reject): what was wrong, what you checked" },
  accept: { zh: "接受", en: "Accept" },
  acceptWith: { zh: "接受并保存 {count} 处更正", en: "Accept with {count} correction{plural}" },
  savedWith: { zh: "已保存 {count} 处更正", en: "Saved with {count} correction{plural}" },
  acceptedButton: { zh: "已接受", en: "Accepted" },
  reject: { zh: "驳回", en: "Reject" },
  undo: { zh: "撤销更正", en: "Undo corrections" },
  promote: { zh: "提升为测试基准", en: "Promote to fixture" },
  promoteAgain: { zh: "再次提升", en: "Promote again" },
  promoteTitle: { zh: "将此记录写入 fixtures/gold/promoted 作为基准", en: "Write this record as gold into fixtures/gold/promoted" },
  promoteFirst: { zh: "请先接受或更正（并保存）该记录", en: "Accept or correct the record (and save) first" },
  previous: { zh: "‹ 上一条", en: "‹ Prev" },
  next: { zh: "下一条 ›", en: "Next ›" },
  previousTitle: { zh: "上一条（k）", en: "previous (k)" },
  nextTitle: { zh: "下一条（j）", en: "next (j)" },
  autoAdvance: { zh: "决定后自动打开下一条", en: "open the next record after a decision" },
  decidedBy: { zh: " {reviewer}，{time}", en: " by {reviewer}, {time}" },
  staleDecision: { zh: " 此后流程重新运行改变了记录：请重新审核。", en: " The pipeline's record changed since (re-run): review it again." },
  inReviewQueue: { zh: "（在审核队列中）", en: " in the review queue" },
  notInReviewQueue: { zh: "（不在审核队列中）", en: " (not in the review queue)" },
  pages: { zh: "第 {pages} 页", en: "pages {pages}" },
  promotedTo: { zh: "已提升到 {file}：{reviewer}，{time}", en: "Promoted to {file} by {reviewer}, {time}" },
  history: { zh: "历史（{count}）", en: "History ({count})" },
  savedAccepted: { zh: "已保存：接受", en: "Saved: accepted" },
  savedCorrected: { zh: "已保存：更正并接受", en: "Saved: corrected and accepted" },
  savedRejected: { zh: "已保存：驳回", en: "Saved: rejected" },
  rejectNeedsNote: { zh: "请在备注中写明驳回原因，然后再次点击“驳回”。", en: "Write in the note why the record is rejected, then press Reject again." },
  lastRecord: { zh: "这是队列（按筛选）中的最后一条。", en: "This is the last record of the queue (as filtered)." },
  firstRecord: { zh: "这是队列（按筛选）中的第一条。", en: "This is the first record of the queue (as filtered)." },
  savedLast: { zh: "已保存。这是队列（按筛选）中的最后一条。", en: "Saved. This was the last record of the queue (as filtered)." },
  status_todo: { zh: "未审", en: "To do" },
  status_accept: { zh: "已接受", en: "Accepted" },
  status_correct: { zh: "已更正", en: "Corrected" },
  status_reject: { zh: "已驳回", en: "Rejected" },
};

/** @returns {Language} */
export function language() {
  try {
    return localStorage.getItem(LANGUAGE_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

/** @param {Language} chosen */
export function setLanguage(chosen) {
  localStorage.setItem(LANGUAGE_KEY, chosen);
  document.documentElement.lang = chosen === "zh" ? "zh-Hans" : "en";
}

/** @param {string} key @param {Record<string, string | number>} [values] */
export function t(key, values = {}) {
  const phrase = PHRASES[key];
  const text = phrase ? phrase[language()] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** @type {Record<string, { zh: { title: string, explanation: string }, en: { title: string, explanation: string } }>} */
let catalogue = {};

/** The server's catalogue of flag and error codes. @param {typeof catalogue} entries */
export function setCatalogue(entries) {
  catalogue = entries ?? {};
}

/** A code's title in the chosen language, or the code itself for one the catalogue does not know. @param {string} code */
export function codeTitle(code) {
  return catalogue[code]?.[language()].title ?? code;
}

/** @param {string} code */
export function codeExplanation(code) {
  return catalogue[code]?.[language()].explanation ?? "";
}
