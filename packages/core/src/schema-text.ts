import { KindGuard, type TObject, type TSchema } from "@sinclair/typebox";

/**
 * Human phrases for TypeBox schemas, so that error messages ("humidity must be an
 * integer from 0 to 100") and README tables are derived from the schema that also
 * validates: they cannot drift apart. A schema may carry `expected` to override the
 * phrase when it checks something JSON Schema cannot say (precio's two decimals).
 */
export function expectation(schema: TSchema): string {
  if (typeof schema.expected === "string") return schema.expected;
  if (KindGuard.IsUnion(schema)) return unionPhrase(schema.anyOf);
  if (KindGuard.IsLiteral(schema)) return JSON.stringify(schema.const);
  if (KindGuard.IsInteger(schema)) return `an integer${rangePhrase(schema)}`;
  if (KindGuard.IsNumber(schema)) return `a finite number${rangePhrase(schema)}`;
  if (KindGuard.IsBoolean(schema)) return "true or false";
  if (KindGuard.IsString(schema)) return stringPhrase(schema);
  if (KindGuard.IsArray(schema)) return `a list of ${expectation(schema.items)}`;
  return "valid";
}

function unionPhrase(members: TSchema[]): string {
  const literals = members.filter((m) => KindGuard.IsLiteral(m)).map((m) => String(m.const));
  const others = members.filter((m) => !KindGuard.IsLiteral(m)).map(expectation);
  const parts = literals.length > 0 ? [`one of ${literals.join(", ")}`, ...others] : others;
  return parts.join(" or ");
}

function rangePhrase(s: TSchema): string {
  const min = s.minimum as number | undefined;
  const max = s.maximum as number | undefined;
  const gt = s.exclusiveMinimum as number | undefined;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  const parts: string[] = [];
  if (min !== undefined) parts.push(`of at least ${min}`);
  if (gt !== undefined) parts.push(`greater than ${gt}`);
  if (max !== undefined) parts.push(`${parts.length > 0 ? "and " : ""}of at most ${max}`);
  return parts.length > 0 ? ` ${parts.join(" ")}` : "";
}

function stringPhrase(s: TSchema): string {
  const min = (s.minLength as number | undefined) ?? 0;
  const max = s.maxLength as number | undefined;
  let phrase = "a string";
  if (min > 0 && max !== undefined) phrase = `a string of ${min} to ${max} characters`;
  else if (min > 0) phrase = "a non-empty string";
  else if (max !== undefined) phrase = `a string of at most ${max} characters`;
  return typeof s.pattern === "string" ? `${phrase} matching ${s.pattern}` : phrase;
}

const cell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/**
 * A markdown table documenting an object schema: one row per field with what it
 * accepts, its default (if any) and its description. Used for event bodies and for
 * environment variables in READMEs.
 */
export function schemaTable(schema: TObject): string {
  const rows = ["| name | accepts | default | description |", "| --- | --- | --- | --- |"];
  for (const [name, prop] of Object.entries(schema.properties)) {
    const required = schema.required?.includes(name) ?? false;
    const def =
      prop.default !== undefined
        ? `\`${JSON.stringify(prop.default)}\``
        : required
          ? "(required)"
          : "";
    const accepts = cell(expectation(prop));
    rows.push(`| \`${name}\` | ${accepts} | ${cell(def)} | ${cell(prop.description ?? "")} |`);
  }
  return `${rows.join("\n")}\n`;
}
