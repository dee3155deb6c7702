import { describeConformance } from "./conformance.ts";
import { rabbitTarget } from "./conformance-targets.ts";
import { RabbitConsumer } from "./rabbitmq-consumer.ts";
import { RabbitProducer } from "./rabbitmq-producer.ts";

describeConformance(
  rabbitTarget(
    "rabbitmq (amqplib, quorum queue, Bun)",
    (url) => new RabbitProducer({ url, deliveryTimeoutMs: 5000 }),
    (url) => new RabbitConsumer({ url, reconnectDelayMs: 250 }),
  ),
);
