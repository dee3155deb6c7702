#!/usr/bin/env bun
// npm run k8s:verify: every overlay applied to a real kube-apiserver on loopback (etcd and
// the API server started here, stopped at the end), then checked as the server stored it.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { startControlPlane } from "./control-plane.ts";
import { installCrds } from "./crds.ts";
import { formatReport, passed, verifyOverlay } from "./verify-overlay.ts";

const progress = (message: string) => console.log(`k8s:verify: ${message}`);
const started = performance.now();
const cp = await startControlPlane(progress);
const stop = () => void cp.stop().then(() => process.exit(130));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
let ok = true;
try {
  await installCrds(cp, progress);
  for (const overlay of readdirSync(join(import.meta.dir, "..", "overlays")).sort()) {
    const report = await verifyOverlay(cp, overlay);
    console.log(formatReport(report));
    ok &&= passed(report);
  }
} finally {
  await cp.stop();
}
progress(
  `${ok ? "every overlay passed" : "FAILED"} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
process.exitCode = ok ? 0 : 1;
