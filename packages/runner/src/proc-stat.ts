import { readFileSync } from "node:fs";

/**
 * The fields of a /proc `stat` file (a process's or a thread's) after the parenthesised
 * command name, which may itself hold spaces and parentheses. Throws once the file is gone.
 */
export function statFields(path: string): string[] {
  const stat = readFileSync(path, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** CPU seconds (user + system) of a /proc `stat` file: utime and stime, the 12th and 13th fields after the name. */
export function statCpuSeconds(path: string): number {
  const fields = statFields(path);
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
