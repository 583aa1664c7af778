import { parseArgs, type ParseArgsConfig } from "node:util";

type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/**
 * The command's arguments parsed, or the exit code when there is nothing to run: 2 with the error and the
 * help on stderr for arguments it does not know, 0 with the help on stdout for `--help`.
 */
export function parseCommandLine<T extends ParseArgsConfig & { options: { help: { type: "boolean" } } }>(config: T, help: string): Parsed<T> | number {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${help}\n`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  return parsed;
}

/** Runs the command's `main` and sets the exit code it returns; an unexpected throw is said on stderr with exit 1. */
export function runCommand(name: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
