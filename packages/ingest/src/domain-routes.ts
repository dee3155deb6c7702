import {
  Domain,
  encodeProductSale,
  encodeWeatherTweet,
  parseProductSale,
  parseWeatherTweet,
  type RafagaError,
} from "@rafaga/core";

/**
 * What differs between the two pipelines at the HTTP edge: the path, the schema, the
 * reference encoding forwarded to the brokers, and the response shapes existing clients
 * expect (the sales clients read `estado` / `exito`).
 */
export interface DomainRoute {
  domain: Domain;
  path: string;
  /** Validates and encodes one item; throws RafagaError VALIDATION naming the field. */
  encode(input: unknown): Uint8Array;
  accepted(id: string): Record<string, unknown>;
  rejected(error: RafagaError): Record<string, unknown>;
}

export const weatherRoute: DomainRoute = {
  domain: Domain.WEATHER,
  path: "/api/tweets",
  encode: (input) => encodeWeatherTweet(parseWeatherTweet(input)),
  accepted: (id) => ({ id }),
  rejected: (error) => error.toJSON(),
};

export const salesRoute: DomainRoute = {
  domain: Domain.SALES,
  path: "/purchase",
  encode: (input) => encodeProductSale(parseProductSale(input)),
  accepted: (id) => ({ estado: "Procesado", exito: true, id }),
  rejected: (error) => ({ estado: estadoOf(error), exito: false, ...error.toJSON() }),
};

function estadoOf(error: RafagaError): string {
  if (error.status === 429 || error.status === 503) return "No disponible";
  return error.status >= 500 ? "Error" : "Rechazado";
}

export const domainRoutes: readonly DomainRoute[] = [weatherRoute, salesRoute];
