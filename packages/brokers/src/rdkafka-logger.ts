import type { KafkaJS } from "@confluentinc/kafka-javascript";
import { createLogger, type Logger } from "@rafaga/core";

/**
 * librdkafka's own log lines go through pino like every other log. Its errors become
 * warnings: while a broker restarts it reports every failed connect, and the failures
 * that matter reach the caller as rejected writes anyway.
 */
export function rdkafkaLogger(
  component: string,
  base: Logger = createLogger(component),
): KafkaJS.Logger {
  const logger: KafkaJS.Logger = {
    info: (message, extra) => base.debug(extra ?? {}, message),
    debug: (message, extra) => base.trace(extra ?? {}, message),
    warn: (message, extra) => base.warn(extra ?? {}, message),
    error: (message, extra) => base.warn(extra ?? {}, message),
    namespace: (namespace) => rdkafkaLogger(component, base.child({ namespace })),
    setLogLevel: () => {},
  };
  return logger;
}

/** The client's constructor config with our logger; the brokers are set per client. */
export function rdkafkaClientConfig(component: string): KafkaJS.CommonConstructorConfig {
  return { kafkaJS: { logger: rdkafkaLogger(component) } as KafkaJS.KafkaConfig };
}
