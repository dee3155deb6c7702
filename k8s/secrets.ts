#!/usr/bin/env bun
// npm run k8s:secrets: writes the credentials the manifests read (k8s/base/secrets/*.env,
// git-ignored) with fresh random passwords, once; kustomize's secretGenerator turns them
// into the Secrets. Nothing secret is committed, and an existing file is never replaced
// (a new password would lock the tiers out of a Valkey or RabbitMQ that keeps its data).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const secretsDir = join(import.meta.dir, "base", "secrets");

/** Hex: safe inside the AMQP and Redis URLs the tiers are given. */
const password = () => randomBytes(18).toString("hex");

/** Writes each missing file; returns the names it wrote. */
export function ensureSecrets(): string[] {
  mkdirSync(secretsDir, { recursive: true });
  const rabbit = password();
  const files: Record<string, Record<string, string>> = {
    "valkey.env": { VALKEY_PASSWORD: password() },
    "rabbitmq.env": {
      RABBITMQ_DEFAULT_USER: "rafaga",
      RABBITMQ_DEFAULT_PASS: rabbit,
      AMQP_URL: `amqp://rafaga:${rabbit}@rabbitmq:5672`,
    },
    "grafana.env": { GF_SECURITY_ADMIN_USER: "admin", GF_SECURITY_ADMIN_PASSWORD: password() },
  };
  const written: string[] = [];
  for (const [name, values] of Object.entries(files)) {
    const file = join(secretsDir, name);
    if (existsSync(file)) continue;
    const lines = Object.entries(values).map(([k, v]) => `${k}=${v}`);
    writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
    written.push(name);
  }
  return written;
}

if (import.meta.main) {
  const written = ensureSecrets();
  console.log(
    written.length === 0
      ? `k8s:secrets: ${secretsDir} already holds every file; nothing changed`
      : `k8s:secrets: wrote ${written.join(", ")} in ${secretsDir} (git-ignored; keep them safe)`,
  );
}
