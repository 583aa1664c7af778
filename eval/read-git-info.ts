import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The commit the eval ran on and whether the work tree had changes, so a report says what it measured.
 * Null fields when there is no git or no repository (a tarball, a container without .git): a report
 * without a commit is still a report.
 */
export async function readGitInfo(cwd: string): Promise<{ commit: string | null; dirty: boolean | null }> {
  const commit = await run("git", ["rev-parse", "HEAD"], { cwd }).then(
    (output) => output.stdout.trim() || null,
    () => null,
  );
  if (commit === null) return { commit: null, dirty: null };
  const dirty = await run("git", ["status", "--porcelain", "--untracked-files=no"], { cwd }).then(
    (output) => output.stdout.trim() !== "",
    () => null,
  );
  return { commit, dirty };
}
