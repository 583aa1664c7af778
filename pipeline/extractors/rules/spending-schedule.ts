import type { ScheduleEntry } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import { compact } from "../../domain/cell-text.js";
import { headerColumnOf } from "./header-column-of.js";

// 3月底, 12月末, 第二季度末: the points in time a 资金支出计划 row names.
const CHECKPOINT = /^(\d{1,2}月(底|末)?|第?[一二三四1-4]季度(末|底)?)$/;

/** True for a cell naming a checkpoint of a spending schedule (`3月底`). */
export function isCheckpoint(text: string): boolean {
  return CHECKPOINT.test(compact(text));
}

/** A spending schedule as read, and cells that sat under no checkpoint. */
export interface SpendingScheduleReading {
  readonly entries: ScheduleEntry[];
  readonly problems: string[];
}

/**
 * Reads a 资金支出计划 header row (3月底 / 6月底 / 10月底 / 12月底) and the row of percentages under it,
 * cell by column: a checkpoint with no cell under it is null, never the neighbour's value.
 */
export function readSpendingSchedule(header: Row, values: Row | undefined): SpendingScheduleReading {
  const checkpoints = header.cells.filter((cell) => isCheckpoint(cell.text));
  const problems: string[] = [];
  const taken = new Set<number>();
  const entries = checkpoints.map((checkpoint) => {
    const last = checkpoint.column + checkpoint.columnSpan - 1;
    const index = values?.cells.findIndex((cell, cellIndex) => {
      if (taken.has(cellIndex) || cell.text.trim() === "") return false;
      const column = headerColumnOf(cell, values, header);
      return checkpoint.column <= column && column <= last;
    });
    if (index === undefined || index < 0) return { checkpoint: checkpoint.text.trim(), percent: null };
    taken.add(index);
    return { checkpoint: checkpoint.text.trim(), percent: values!.cells[index]!.text.trim() };
  });
  const stray = values?.cells.filter((cell, index) => !taken.has(index) && cell.text.trim() !== "") ?? [];
  if (stray.length > 0) problems.push(`schedule cells ${stray.map((cell) => `"${cell.text.trim()}"`).join(", ")} sit under no checkpoint`);
  return { entries, problems };
}
