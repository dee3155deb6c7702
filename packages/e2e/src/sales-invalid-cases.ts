export interface InvalidCase {
  name: string;
  /** An object is sent as JSON; a string is sent as it is (for what JSON.stringify cannot write). */
  body: Record<string, unknown> | string;
  status: number;
  code: string;
  field: string;
  headers?: Record<string, string>;
}

export const VALID_SALE = {
  categoria: 4,
  producto_id: "Labial-Matte",
  precio: 123.45,
  cantidad_vendida: 3,
};

const raw = (precio: string) =>
  `{"categoria":4,"producto_id":"Labial-Matte","precio":${precio},"cantidad_vendida":3}`;

const invalid = (field: string, value: unknown, name = `${field} ${JSON.stringify(value)}`) => ({
  name,
  body: { ...VALID_SALE, [field]: value },
  status: 400,
  code: "VALIDATION",
  field,
});

const { cantidad_vendida: _, ...withoutQuantity } = VALID_SALE;

/** Every way a sale must be refused (issue 4), each with the status and the field at fault. */
export const INVALID_CASES: InvalidCase[] = [
  invalid("categoria", 0),
  invalid("categoria", 5),
  invalid("categoria", "4"),
  invalid("categoria", 1.5),
  invalid("categoria", null),
  invalid("producto_id", ""),
  invalid("producto_id", "a".repeat(65), "producto_id of 65 characters"),
  invalid("producto_id", "Labial Matte"),
  invalid("producto_id", "Labial:Matte"),
  invalid("producto_id", "Labial/Matte"),
  invalid("producto_id", 42),
  invalid("precio", 0),
  invalid("precio", -1),
  invalid("precio", "12.5"),
  invalid("precio", "NaN"),
  invalid("precio", 1.005),
  // A float artefact with more than 2 decimals: the client should have rounded.
  invalid("precio", 0.1 + 0.2),
  { ...invalid("precio", null), name: "precio 1e999 (Infinity)", body: raw("1e999") },
  { ...invalid("precio", null), name: "precio -1e999 (-Infinity)", body: raw("-1e999") },
  invalid("cantidad_vendida", 0),
  invalid("cantidad_vendida", 10_001),
  invalid("cantidad_vendida", 2.5),
  invalid("cantidad_vendida", "3"),
  invalid("descuento", 10, "an extra field"),
  { ...invalid("cantidad_vendida", null), name: "a missing field", body: withoutQuantity },
  {
    name: "malformed JSON",
    body: '{"categoria":4,"producto_id":',
    status: 400,
    code: "VALIDATION",
    field: "body",
  },
  { name: "a NaN literal", body: raw("NaN"), status: 400, code: "VALIDATION", field: "body" },
  {
    name: "text/plain",
    body: VALID_SALE,
    headers: { "content-type": "text/plain" },
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    field: "content-type",
  },
  {
    name: "a body over 4 MiB",
    body: { ...VALID_SALE, relleno: "x".repeat(4 * 1024 * 1024 + 1) },
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
    field: "body",
  },
];
