import type { Flag } from "../flag.js";
import type { ProjectRecord } from "../project-record.js";

/**
 * One flag with where it was raised: on a record, or on a whole document (`record` null), such as project
 * amounts that do not add up to the department total. `position` is its index in the owner's flag list;
 * `metadata` is the manifest row of the document it belongs to.
 */
export interface FlagRow {
  readonly flag: Flag;
  readonly position: number;
  readonly documentPath: string;
  readonly record: ProjectRecord | null;
  readonly metadata: Readonly<Record<string, string>> | undefined;
}
