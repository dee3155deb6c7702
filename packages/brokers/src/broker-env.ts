import { type Static, Type } from "@sinclair/typebox";

/**
 * The environment variables every tier that talks to a broker reads (writers and
 * consumers), declared once so their names, defaults and docs cannot drift apart. The
 * per-domain destinations come from @rafaga/domains (destinationEnv).
 */
export const BrokerEnv = {
  KAFKA_CLIENT: Type.Union([Type.Literal("js"), Type.Literal("rdkafka")], {
    default: "js",
    description:
      "js = @platformatic/kafka (runs under Bun), rdkafka = librdkafka (runs under Node)",
  }),
  KAFKA_BROKERS: Type.String({ default: "127.0.0.1:9092", description: "Kafka bootstrap servers" }),
  AMQP_URL: Type.String({
    default: "amqp://guest:guest@127.0.0.1:5672",
    description: "RabbitMQ URL",
    secret: true,
  }),
  RABBITMQ_QUEUE_TYPE: Type.Union([Type.Literal("quorum"), Type.Literal("classic")], {
    default: "quorum",
    description: "queue type declared for new queues",
  }),
};
const BrokerEnvObject = Type.Object(BrokerEnv);
export type BrokerEnv = Static<typeof BrokerEnvObject>;
