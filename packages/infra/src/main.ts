import { isRafagaError } from "@rafaga/core";
import { isServiceName, type ServiceName } from "./service-name.ts";

const usage = `usage: bun packages/infra/src/main.ts up|down|status|logs [kafka|rabbitmq|valkey ...] [--purge] [--lines N] [--kafka-brokers N]

  up       install what is missing, start what is not healthy, create the Kafka topics
  down     stop the servers started here (data kept; --purge deletes .data/<service>)
  status   one line per service (and per Kafka broker); exit code 1 if any is down
  logs     tail of each service's log (--lines N, default 50)

  --kafka-brokers N   Kafka as a cluster of N KRaft brokers (replication factor N,
                      min.insync.replicas 2); remembered in .data/kafka/brokers, so later
                      commands need no flag. Back to one: down --purge kafka, then up.

ports: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), RABBITMQ_PORT (5672), VALKEY_PORT (6379);
broker i of a cluster listens 100 ports above broker i-1 (9192/9193, 9292/9293, ...)`;

interface Arguments {
  command: string;
  services: ServiceName[];
  purge: boolean;
  lines: number;
  kafkaBrokers: number | undefined;
}

function parse(argv: string[]): Arguments {
  const [command = "", ...rest] = argv;
  const parsed: Arguments = {
    command,
    services: [],
    purge: false,
    lines: 50,
    kafkaBrokers: undefined,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    if (arg === "--purge") parsed.purge = true;
    else if (arg === "--lines" || arg === "-n") {
      parsed.lines = Number(rest[++i]);
      if (!Number.isInteger(parsed.lines) || parsed.lines < 1)
        fail(`--lines needs a positive integer`);
    } else if (arg === "--kafka-brokers") {
      parsed.kafkaBrokers = Number(rest[++i]);
      if (!Number.isInteger(parsed.kafkaBrokers) || parsed.kafkaBrokers < 1)
        fail(`--kafka-brokers needs a positive integer`);
    } else if (isServiceName(arg)) parsed.services.push(arg);
    else fail(`unknown argument "${arg}"`);
  }
  return parsed;
}

function fail(message: string): never {
  console.error(`infra: ${message}\n\n${usage}`);
  process.exit(2);
}

const print = (message: string) => console.log(message);

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (args.kafkaBrokers !== undefined) {
    // Before infra.ts is imported: its config reads the remembered size once, at import.
    const { chooseKafkaBrokers } = await import("./kafka-cluster-size.ts");
    const { dataDir } = await import("./layout.ts");
    chooseKafkaBrokers(dataDir("kafka"), args.kafkaBrokers, args.command === "up");
  }
  // Imported here, not at the top: reading the port variables can fail, and that failure
  // should print like any other error instead of as an uncaught module-load exception.
  const { down, logTails, status, up } = await import("./infra.ts");
  switch (args.command) {
    case "up": {
      const started = Date.now();
      await up(args.services, print);
      print(`infra: up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    case "down":
      await down(args.services, { purge: args.purge }, print);
      return 0;
    case "status": {
      const rows = await status(args.services);
      for (const row of rows) {
        const state = row.healthy ? "up" : "down";
        const owner =
          row.pid !== undefined
            ? `pid ${row.pid}`
            : row.healthy
              ? "not started by infra"
              : "no process";
        print(
          `${row.name.padEnd(9)} ${state.padEnd(5)} 127.0.0.1:${String(row.port).padEnd(6)} ${owner.padEnd(22)} ${row.description}`,
        );
        for (const member of row.members ?? []) {
          const memberOwner = member.pid !== undefined ? `pid ${member.pid}` : "no process";
          print(
            `  ${member.name.padEnd(7)} ${(member.healthy ? "up" : "down").padEnd(5)} 127.0.0.1:${String(member.port).padEnd(6)} ${memberOwner.padEnd(22)} ${member.description}`,
          );
        }
      }
      return rows.every((r) => r.healthy) ? 0 : 1;
    }
    case "logs":
      print(logTails(args.services, args.lines));
      return 0;
    case "help":
    case "--help":
    case "-h":
      print(usage);
      return 0;
    default:
      return fail(args.command === "" ? "missing command" : `unknown command "${args.command}"`);
  }
}

// The servers run in their own sessions, so Ctrl-C stops only this command; say what is left.
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    console.error(
      `infra: interrupted; servers already started keep running (use "down" to stop them)`,
    );
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `infra: ${isRafagaError(error) || error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
