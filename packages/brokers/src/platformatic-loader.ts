type Platformatic = typeof import("@platformatic/kafka");

let loaded: Promise<Platformatic> | undefined;

/**
 * @platformatic/kafka, loaded on first use: it compiles its option schemas when imported,
 * which cost the librdkafka tiers (which never use it) about a fifth of their start-up,
 * and a restarted tier's start-up is time without service.
 */
export function platformatic(): Promise<Platformatic> {
  loaded ??= import("@platformatic/kafka");
  return loaded;
}
