import type { ExtractedIndicator, ExtractedProject } from "../schemas/extracted-project.js";

/** One counted, known error put into an oracle answer. Indicator indexes are the gold (undamaged) ones. */
export type Damage =
  | { readonly kind: "drop-indicator"; readonly index: number }
  | { readonly kind: "invent-indicator"; readonly indicator: ExtractedIndicator }
  | { readonly kind: "swap-values"; readonly first: number; readonly second: number }
  | { readonly kind: "set-level2"; readonly index: number; readonly level2: string }
  | { readonly kind: "set-value"; readonly index: number; readonly value: string }
  | { readonly kind: "set-amount"; readonly field: "totalAmount" | "fiscalAmount" | "otherAmount"; readonly value: string };

/**
 * Applies damage to a copy of a project: changes to indicators first (by gold index), then drops, then
 * invented indicators at the end, so every index in a damage list means the gold indicator it names.
 */
export function damageProject(project: ExtractedProject, damages: readonly Damage[]): ExtractedProject {
  const indicators = project.indicators.map((indicator) => ({ ...indicator }));
  const at = (index: number) => {
    const indicator = indicators[index];
    if (!indicator) throw new RangeError(`damageProject: "${project.projectName}" has no indicator ${index}`);
    return indicator;
  };
  let result: ExtractedProject = { ...project };
  const dropped = new Set<number>();
  const invented: ExtractedIndicator[] = [];
  for (const damage of damages) {
    if (damage.kind === "drop-indicator") {
      at(damage.index);
      dropped.add(damage.index);
    } else if (damage.kind === "invent-indicator") {
      invented.push(damage.indicator);
    } else if (damage.kind === "swap-values") {
      const first = at(damage.first);
      const second = at(damage.second);
      [first.value, second.value] = [second.value, first.value];
    } else if (damage.kind === "set-level2") {
      at(damage.index).level2 = damage.level2;
    } else if (damage.kind === "set-value") {
      at(damage.index).value = damage.value;
    } else if (damage.kind === "set-amount") {
      result = { ...result, [damage.field]: damage.value };
    }
  }
  return { ...result, indicators: [...indicators.filter((_indicator, index) => !dropped.has(index)), ...invented] };
}
