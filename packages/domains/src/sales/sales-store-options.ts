import { connectionOptions } from "@rafaga/store";
import { type Static, Type } from "@sinclair/typebox";

export const SalesStoreOptions = Type.Object(
  {
    ...connectionOptions,
    /** Approximate cap of each `stream_precio_producto_unico:C` (XADD MAXLEN ~). */
    streamMaxLength: Type.Integer({ minimum: 1, default: 1000 }),
  },
  { additionalProperties: false },
);
export type SalesStoreOptions = Static<typeof SalesStoreOptions>;
