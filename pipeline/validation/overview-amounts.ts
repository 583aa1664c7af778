import type { Flag } from "../../schemas/flag.js";
import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentContext } from "../../schemas/project-unit.js";
import { formatFen, toFen, type MoneyUnit } from "../domain/money.js";
import { nameSimilarity } from "./name-similarity.js";
import { recordFlag } from "./record-flag.js";
import { roundingTolerance } from "./rounding-tolerance.js";
import type { RuleGroup } from "./rule.js";

/** Below this, an overview paragraph is about another project (seed 003's true pairs score 0.53 and up). */
const MINIMUM_SIMILARITY = 0.5;

/** `4、政府大型公务活动专项经费:…`: a paragraph that names one project before its colon, numbered or not. */
const NAMED_PARAGRAPH = /^\s*(?:[(（]?\d{1,2}[)）]?\s*[、.．]|[(（]\d{1,2}[)）])?\s*([^:：;；,，。]{2,40})[:：]/;

/** An amount with its unit; one followed by `/` is a unit price (`300元/位`), not a project amount. */
const OVERVIEW_AMOUNT = /(\d+(?:\.\d+)?)\s*(万元|元)(?!\s*\/)/g;

interface OverviewAmount {
  readonly written: string;
  readonly unit: MoneyUnit;
  readonly fen: number;
}

interface NamedParagraph {
  readonly name: string;
  readonly text: string;
  readonly page: number;
  readonly amounts: readonly OverviewAmount[];
}

function namedParagraphs(context: DocumentContext): NamedParagraph[] {
  return context.overview.flatMap((paragraph) => {
    const name = NAMED_PARAGRAPH.exec(paragraph.text)?.[1]?.trim();
    if (!name) return [];
    const amounts = [...paragraph.text.matchAll(OVERVIEW_AMOUNT)].flatMap((match) => {
      const [, written = "", unit = "元"] = match;
      const moneyUnit: MoneyUnit = unit === "万元" ? "万元" : "元";
      const fen = toFen(written, moneyUnit);
      return fen === null ? [] : [{ written, unit: moneyUnit, fen }];
    });
    return [{ name, text: paragraph.text, page: paragraph.page, amounts }];
  });
}

/** The overview paragraph whose name is most like the project's, if any is alike enough. */
function paragraphFor(record: ProjectRecord, paragraphs: readonly NamedParagraph[]): NamedParagraph | null {
  let best: NamedParagraph | null = null;
  let bestScore = MINIMUM_SIMILARITY;
  for (const paragraph of paragraphs) {
    const score = nameSimilarity(paragraph.name, record.project.name);
    if (score >= bestScore && (best === null || score > bestScore)) {
      best = paragraph;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A project table must agree with the overview paragraph that names it: seed 003's overview says
 * `共需资金19.5万元` where the table says 195000.00 元. Paragraphs are matched to projects by name similarity,
 * and the table agrees when it equals ANY amount of its paragraph up to the rounding of the digits the
 * overview wrote: one paragraph may list several items (`办公设备购置费20万元、电费43.38万元`) that the
 * document splits over several tables of one name. An error: the two parts of one disclosure contradict.
 */
export const OVERVIEW_RULES: RuleGroup<"money_overview_mismatch"> = {
  money_overview_mismatch: {
    scope: "record",
    check: (record, document): Flag[] => {
      const total = record.money.total;
      const unit = record.money.unit;
      if (total?.fen == null || unit === null) return [];
      const paragraph = paragraphFor(record, namedParagraphs(document.context));
      if (paragraph === null || paragraph.amounts.length === 0) return [];
      const agrees = paragraph.amounts.some((amount) => Math.abs(amount.fen - total.fen!) <= roundingTolerance(amount.written, amount.unit));
      if (agrees) return [];
      const said = paragraph.amounts.map((amount) => `${amount.written}${amount.unit}`).join(", ");
      const inOverviewUnit = paragraph.amounts[0]!.unit;
      const converted = inOverviewUnit === unit ? "" : ` (${formatFen(total.fen, inOverviewUnit)} ${inOverviewUnit})`;
      return [
        recordFlag(
          record,
          "money_overview_mismatch",
          "error",
          "money.total",
          `The table states ${total.raw} ${unit}${converted}, but the overview paragraph on "${paragraph.name}" (page ${paragraph.page}) gives ${said}.`,
        ),
      ];
    },
  },
};
