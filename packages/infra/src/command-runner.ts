import { spawn } from "node:child_process";
import { RafagaError } from "@rafaga/core";

export interface RunResult {
  code: number;
  output: string;
}

/** Runs an installer or tool to completion, keeping its output for the error message. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      // Installers can be chatty; the tail is what explains a failure.
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: 127, output: `${output}${error.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

export async function runOrThrow(
  what: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = result.output.trim().split("\n").slice(-15).join("\n");
    throw new RafagaError(
      "INFRA",
      `${what} failed (exit ${result.code}): ${command} ${args.join(" ")}\n${tail}`,
    );
  }
  return result.output;
}

export async function commandExists(command: string): Promise<boolean> {
  return (await run("sh", ["-c", `command -v ${command}`])).code === 0;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** apt-get, for the servers Debian packages (RabbitMQ, and Redis as Valkey's fallback). */
export async function aptInstall(pkg: string): Promise<void> {
  if ((await run("dpkg", ["-s", pkg])).output.includes("install ok installed")) return;
  if (!isRoot()) {
    throw new RafagaError(
      "INFRA",
      `Debian package ${pkg} is missing; install it as root: apt-get install -y ${pkg}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const timeoutMs = 15 * 60_000;
  await runOrThrow("apt-get update", "apt-get", ["update", "-qq"], { env, timeoutMs });
  await runOrThrow(`apt-get install ${pkg}`, "apt-get", ["install", "-y", "-qq", pkg], {
    env,
    timeoutMs,
  });
}
