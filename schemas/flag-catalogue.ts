import type { FlagCode } from "./flag-codes.js";

/** What a person reads about a code, in Chinese (the analysts' language) and in English. */
export interface CodeDescription {
  readonly zh: { readonly title: string; readonly explanation: string };
  readonly en: { readonly title: string; readonly explanation: string };
}

/**
 * Every flag code a validation rule raises, for people: a `Record<FlagCode, …>`, so a code added to
 * `FlagCodeSchema` without an entry here does not compile (and `flag-catalogue.test.ts` checks that every
 * code the pipeline's source raises is one of these). The review page and the eval's HTML report show these
 * titles; the flag's own `message` stays the detail of the one case.
 */
export const FLAG_CATALOGUE: Readonly<Record<FlagCode, CodeDescription>> = {
  taxonomy_unknown_level1: {
    zh: { title: "一级指标名称不在指标体系内", explanation: "一级指标应为 产出指标、效益指标、满意度指标 等规定名称之一；可能是表格读错了列，或文件本身用了非规范名称。" },
    en: { title: "Level 1 name not in the taxonomy", explanation: "一级指标 should be one of the prescribed names (产出指标, 效益指标, 满意度指标 …): a column may have been misread, or the document uses a non-standard name." },
  },
  taxonomy_unknown_level2: {
    zh: { title: "二级指标名称不在指标体系内", explanation: "二级指标应为 数量指标、质量指标、时效指标 等规定名称之一；请核对原表该单元格。" },
    en: { title: "Level 2 name not in the taxonomy", explanation: "二级指标 should be one of the prescribed names (数量指标, 质量指标, 时效指标 …): check the cell on the page." },
  },
  taxonomy_wrong_parent: {
    zh: { title: "二级指标挂在错误的一级指标下", explanation: "该二级指标名称已知，但按指标体系应属于另一个一级指标；常见于合并单元格读错行。" },
    en: { title: "Level 2 under the wrong level 1", explanation: "The 二级指标 is a known name but belongs under another 一级指标: often a merged cell read into the wrong rows." },
  },
  required_category_missing: {
    zh: { title: "缺少必填的指标类别", explanation: "模板要求的类别（数量、质量、时效、成本、社会效益、可持续影响、服务对象满意度）中有一类没有任何指标。" },
    en: { title: "A required category has no indicator", explanation: "A category the template requires (数量, 质量, 时效, 成本, 社会效益, 可持续影响, 服务对象满意度) has no indicator." },
  },
  money_parts_mismatch: {
    zh: { title: "资金构成与总额不符", explanation: "财政拨款 + 其他资金 ≠ 年度资金总额：可能读错了金额，或文件本身数字有误。" },
    en: { title: "Money parts do not add up", explanation: "财政拨款 + 其他资金 ≠ 年度资金总额: an amount was misread, or the document's figures disagree." },
  },
  money_unparseable: {
    zh: { title: "金额无法解析", explanation: "金额不是普通的十进制数字，无法计算；请核对原文。" },
    en: { title: "Amount cannot be parsed", explanation: "An amount is not a plain decimal number and cannot be computed with: check the page." },
  },
  money_cost_exceeds_total: {
    zh: { title: "成本指标超过项目资金", explanation: "以金额表示的成本指标合计超过了项目的年度资金总额。" },
    en: { title: "Cost indicators exceed the project's money", explanation: "Cost indicators stated in money add up to more than the project's annual total." },
  },
  money_department_total_mismatch: {
    zh: { title: "项目金额与部门合计不符", explanation: "各项目金额之和与文件给出的部门合计不一致：可能漏读或多读了项目。" },
    en: { title: "Projects do not add up to the department total", explanation: "The projects' amounts do not add up to the total the document states for the department: a project may be missing or read twice." },
  },
  money_overview_mismatch: {
    zh: { title: "项目表与总览金额不符", explanation: "项目表的金额与列出该项目的总览表不一致（例如项目表用元、总览用万元）。" },
    en: { title: "Project table disagrees with the overview", explanation: "A project table's amount disagrees with the overview that lists it (e.g. a 元 table against a 万元 overview)." },
  },
  value_empty: {
    zh: { title: "指标值为空", explanation: "该指标没有填写指标值。" },
    en: { title: "Target value is empty", explanation: "The indicator has no target value (指标值)." },
  },
  value_percent_over_100: {
    zh: { title: "比率类指标超过 100%", explanation: "比率类指标的百分比大于 100，通常是文件笔误（如 1000百分比）或读错了数字。" },
    en: { title: "A rate above 100%", explanation: "A percentage above 100 on an indicator that is a rate: usually a typo in the document (1000百分比) or a misread number." },
  },
  value_cost_not_money: {
    zh: { title: "成本指标的值不是金额", explanation: "成本类指标的指标值应为金额（元、万元），实际不是。" },
    en: { title: "Cost indicator is not money", explanation: "A cost indicator's target should be an amount (元, 万元) and is not." },
  },
  value_unit_unknown: {
    zh: { title: "计量单位无法识别", explanation: "指标值的单位不是有效单位（如 95人百分比）。" },
    en: { title: "Unknown unit", explanation: "The target's unit is not a unit (e.g. 95人百分比)." },
  },
  value_satisfaction_not_percent: {
    zh: { title: "满意度指标不是百分比", explanation: "满意度指标的值既不是百分比，也不是定性描述。" },
    en: { title: "Satisfaction target is not a percentage", explanation: "A satisfaction target that is neither a percentage nor qualitative." },
  },
  schedule_not_cumulative: {
    zh: { title: "资金支出计划不是累计递增", explanation: "资金支出计划的累计比例在某处下降。" },
    en: { title: "Spending schedule decreases", explanation: "The cumulative spending schedule goes down somewhere." },
  },
  schedule_not_ending_at_100: {
    zh: { title: "资金支出计划未到 100%", explanation: "资金支出计划的最后一期不是 100%。" },
    en: { title: "Spending schedule does not end at 100%", explanation: "The last step of the spending schedule is not 100%." },
  },
  weights_sum_mismatch: {
    zh: { title: "指标权重合计不符", explanation: "项目各指标的权重（分值）合计不等于 100 分，或不等于权重列标明的总分（如“分值权重（90）”）：可能是填报错误，也可能是权重读错。" },
    en: { title: "Weights do not add up", explanation: "The project's indicator weights (权重 / 分值) do not add up to 100, or to the total the weight column states (分值权重（90）): a slip in the form or a misread weight." },
  },
  duplicate_indicator: {
    zh: { title: "重复的指标", explanation: "同一项目中出现两次相同的指标（二级指标 + 三级指标 + 指标值）。" },
    en: { title: "Duplicate indicator", explanation: "The same indicator (level 2 + level 3 + value) appears twice in the project." },
  },
  duplicate_project_name: {
    zh: { title: "项目名称重复", explanation: "同一文件中两个项目同名（可能是合理的，如分年度的同名项目）。" },
    en: { title: "Duplicate project name", explanation: "Two projects with the same name in one document (may be legitimate)." },
  },
  ungrounded: {
    zh: { title: "原文中找不到该内容", explanation: "提取出的名称或数值未出现在该项目的原文中：可能是模型编造或读错。" },
    en: { title: "Not found in the source text", explanation: "An extracted name or value does not occur in the unit's source text: invented or misread." },
  },
  layout_unsure: {
    zh: { title: "表格读取存疑", explanation: "规则对该项目表格的读取没有把握（读取器有疑问，或置信度检查未通过），请对照原页核对。" },
    en: { title: "Unsure reading of the table", explanation: "The rules were unsure of their reading of this unit (a doubt of the reader, or a confidence check failed): check against the page." },
  },
  layout_rows_unread: {
    zh: { title: "有表格行未被读入任何项目", explanation: "文件中有表格行不属于任何项目：可能读错了表格、漏掉了项目。" },
    en: { title: "Table rows read into no project", explanation: "Table rows of the document belong to no unit: a table may have been misread and projects missed." },
  },
  layout_grid_mismatch: {
    zh: { title: "扫描页表格线与同类页面不符", explanation: "该项目所在扫描页缺少同一表式其他页面都有的列线，单元格可能被合并读错。" },
    en: { title: "Scanned page's grid differs from its siblings", explanation: "The scanned page lacks a column border every sibling page of the same form has: cells may have merged." },
  },
  ocr_low_confidence: {
    zh: { title: "文字识别置信度低", explanation: "扫描页上的指标值、金额、指标名称或项目编码有字符识别置信度低于阈值（--ocr-min-confidence），请对照原图核实。" },
    en: { title: "Low OCR confidence", explanation: "On a scanned page a target, amount, indicator name or code has a character read below --ocr-min-confidence: check it against the image." },
  },
  ocr_glyph_missing: {
    zh: { title: "识别可能漏掉字符", explanation: "扫描页上该字段的文字留有一个字符的空位却未识别出内容：指标值只有单位（如“人”）而容得下一个数字，或两个汉字之间隔了约两个字宽（如“修缮”读成“修”）。请对照原图核实。" },
    en: { title: "OCR may have dropped a character", explanation: "The scanned text has room for a character nothing was read in: a bare unit (人) with room for a digit, or two Chinese characters about two widths apart (修缮 read 修). Check it against the image." },
  },
  llm_not_sent_cost_ceiling: {
    zh: { title: "已达费用上限，未调用模型", explanation: "该项目本应交给模型读取，但已达到本次运行的 --max-cost 上限，记录保留规则读取结果。" },
    en: { title: "Not sent: cost ceiling reached", explanation: "The project needed the model but the run's --max-cost was reached first: this is the rules' reading." },
  },
  read_from_image: {
    zh: { title: "数值由模型从页面图像读出", explanation: "视觉模型从页面图像读出该值，OCR 文本中没有：请核对证据中的位置框。" },
    en: { title: "Value read from the page image", explanation: "A vision model read the value from the page image, not found in the OCR text: check the box in the evidence." },
  },
};

/**
 * A failed document's error codes (`pipeline/errors.ts`). Codes built from a reason (`pdf_…`, `llm_http_…`,
 * `llm_reply_…`) are listed with each reason the code knows, and `describeCode` falls back on the prefix for
 * an HTTP status it has not seen.
 */
export const ERROR_CATALOGUE: Readonly<Record<string, CodeDescription>> = {
  not_a_target_table: {
    zh: { title: "不是绩效目标表", explanation: "该文件是另一类表格（如绩效自评表，列有实际完成值和得分），不是本流程读取的绩效目标表，因此未读取。" },
    en: { title: "Not a performance-target table", explanation: "The document is another kind of table (a 绩效自评表 with 实际完成值 and 得分), not the targets this pipeline reads: it was not read." },
  },
  no_projects_found: {
    zh: { title: "未找到项目", explanation: "文件中找不到任何项目表。" },
    en: { title: "No project found", explanation: "No project table could be found in the document." },
  },
  pdf_unreadable: { zh: { title: "PDF 无法读取", explanation: "文件损坏或不完整。" }, en: { title: "PDF unreadable", explanation: "The file is corrupt or truncated." } },
  pdf_encrypted: { zh: { title: "PDF 已加密", explanation: "文件受密码保护，无法读取。" }, en: { title: "PDF encrypted", explanation: "The file is password-protected." } },
  pdf_empty: { zh: { title: "PDF 没有页面", explanation: "文件没有任何页面。" }, en: { title: "PDF has no pages", explanation: "The file has no pages." } },
  pdf_too_large: { zh: { title: "PDF 过大", explanation: "文件超过了允许的大小或页数。" }, en: { title: "PDF too large", explanation: "The file exceeds the allowed size or page count." } },
  pdf_not_pdf: { zh: { title: "不是 PDF 文件", explanation: "文件内容不是 PDF。" }, en: { title: "Not a PDF", explanation: "The file's content is not a PDF." } },
  pdf_too_costly: { zh: { title: "PDF 读取代价过高", explanation: "读取该文件超出单个文件的限额（解压大小、操作数、时间或内存），可能是恶意或损坏的文件。" }, en: { title: "PDF too costly to read", explanation: "Reading it would exceed what one document may cost (inflated bytes, operators, time or memory): details.limit names the bound." } },
  ocr_failed: { zh: { title: "文字识别失败", explanation: "扫描页的 OCR 失败。" }, en: { title: "OCR failed", explanation: "Recognising a scanned page failed." } },
  llm_timeout: { zh: { title: "模型请求超时", explanation: "调用模型超时，重试后仍失败。" }, en: { title: "Model call timed out", explanation: "The call to the model timed out, also when retried." } },
  llm_connection: { zh: { title: "无法连接模型服务", explanation: "连接模型服务失败。" }, en: { title: "Cannot reach the model", explanation: "The connection to the model endpoint failed." } },
  llm_http_: { zh: { title: "模型服务返回错误", explanation: "模型服务以 HTTP 错误状态回复。" }, en: { title: "Model endpoint answered an error", explanation: "The model endpoint answered with an HTTP error status." } },
  llm_reply_not_json: { zh: { title: "模型回复不是 JSON", explanation: "模型的回复无法解析为 JSON。" }, en: { title: "Model reply is not JSON", explanation: "The model's reply could not be parsed as JSON." } },
  llm_reply_schema_mismatch: { zh: { title: "模型回复不符合格式", explanation: "模型的回复不符合要求的结构，重问后仍不符合。" }, en: { title: "Model reply fails the schema", explanation: "The model's reply does not fit the schema, also after asking again." } },
  llm_reply_refusal: { zh: { title: "模型拒绝回答", explanation: "模型拒绝了请求。" }, en: { title: "Model refused", explanation: "The model refused the request." } },
  llm_reply_truncated: { zh: { title: "模型回复被截断", explanation: "回复达到长度上限被截断。" }, en: { title: "Model reply truncated", explanation: "The reply hit the length limit." } },
  llm_reply_empty: { zh: { title: "模型回复为空", explanation: "模型没有返回内容。" }, en: { title: "Model reply empty", explanation: "The model returned nothing." } },
  llm_reply_budget_exhausted: { zh: { title: "模型调用预算用尽", explanation: "该文件的模型调用预算已用完。" }, en: { title: "Model budget exhausted", explanation: "The document's budget of model calls ran out." } },
  output_write_failed: { zh: { title: "写出结果失败", explanation: "写入输出文件失败，之前的完整文件仍保留。" }, en: { title: "Writing an output failed", explanation: "Writing an output failed; the previous complete file is still in place." } },
  input_changed: {
    zh: { title: "文件在提交后被修改", explanation: "队列工作进程读到的文件内容与提交时的哈希不同（文件被修改或被同名文件替换），因此未读取：请重新提交。" },
    en: { title: "File changed since submission", explanation: "A queue worker found different bytes at the path than were submitted (the file changed or was replaced): it was not read; submit the run again." },
  },
  queue_job_failed: {
    zh: { title: "队列任务多次失败", explanation: "该文件在队列中的任务每次尝试都失败（工作进程出错，或多次在处理中途退出），错误信息为队列最后记录的原因。" },
    en: { title: "Queue job failed every attempt", explanation: "The document's queue job failed on every attempt (its worker threw, or died holding it too often): the message is the queue's last reason." },
  },
  config_invalid: { zh: { title: "配置无效", explanation: "参数或环境变量的值无效。" }, en: { title: "Invalid configuration", explanation: "An option or environment value is invalid." } },
  pipeline_error: { zh: { title: "流程错误", explanation: "流程中的一般错误。" }, en: { title: "Pipeline error", explanation: "A general pipeline error." } },
  unexpected: { zh: { title: "意外错误", explanation: "未预料的错误，请报告。" }, en: { title: "Unexpected error", explanation: "An error nobody expected: please report it." } },
};

/** The description of a flag or error code; null for a code neither catalogue knows. */
export function describeCode(code: string): CodeDescription | null {
  if (code in FLAG_CATALOGUE) return FLAG_CATALOGUE[code as FlagCode];
  if (code in ERROR_CATALOGUE) return ERROR_CATALOGUE[code]!;
  if (/^llm_http_\d+$|^llm_http_unknown$/.test(code)) return ERROR_CATALOGUE.llm_http_!;
  return null;
}
