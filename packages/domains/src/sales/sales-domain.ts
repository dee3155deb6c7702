import type { RafagaError } from "@rafaga/core";
import type { DomainModule } from "../domain-module.ts";
import { domainStore } from "../domain-store.ts";
import { parseProductSale } from "./product-sale.ts";
import { decodeProductSale, encodeProductSale } from "./sale-codec.ts";
import type { SalesEvent } from "./sales-event.ts";
import { salesDashboard } from "./sales-panels.ts";
import { SalesStore } from "./sales-store.ts";
import { salesWorkload } from "./sales-workload.ts";

/** Black Friday sales (SPEC §2): `POST /purchase`, aggregated per category and product. */
export const salesDomain: DomainModule = {
  id: 2,
  name: "sales",
  description: "sales",
  // The reference's sales clients read `estado` / `exito`.
  http: {
    path: "/purchase",
    encode: (input) => encodeProductSale(parseProductSale(input)),
    accepted: (id) => ({ estado: "Procesado", exito: true, id }),
    rejected: (error) => ({ estado: estadoOf(error), exito: false, ...error.toJSON() }),
  },
  // The bridge -> writer hop of the reference: /blackfriday.ProductSaleService/ProcesarVenta.
  grpc: {
    service: "blackfriday.ProductSaleService",
    method: "ProcesarVenta",
    requestType: "blackfriday.ProductSaleRequest",
    responseType: "blackfriday.ProductSaleResponse",
    accepted: () => ({ estado: "Procesado", exito: true }),
  },
  defaults: {
    destination: "sales-topic",
    group: "black-friday-group",
    routing: "kafka",
    partitions: 6,
  },
  workload: (seed) => salesWorkload(seed),
  openDashboard: (options) => salesDashboard(options),
  openStore: (options) =>
    domainStore(
      salesDomain,
      new SalesStore(options),
      (e): SalesEvent => ({ ...decodeProductSale(e.payload), id: e.id, ingestTsUs: e.ingestTsUs }),
    ),
};

function estadoOf(error: RafagaError): string {
  if (error.status === 429 || error.status === 503) return "No disponible";
  return error.status >= 500 ? "Error" : "Rechazado";
}
