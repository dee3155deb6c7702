/**
 * What ids (event ids, product ids) may look like: printable ASCII without spaces, at
 * most 128 characters. They become parts of keys, sorted-set members and JSON, and
 * this keeps the tab that separates the packed script fields out of them.
 */
export const ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

export const isId = (value: unknown): value is string =>
  typeof value === "string" && ID_PATTERN.test(value);
