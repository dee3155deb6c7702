/**
 * The sales domain's categories. Array order IS the protobuf enum number minus one
 * (SPEC §2): many existing clients send the numbers, so never reorder.
 */
export const CATEGORIES = ["Electronica", "Ropa", "Hogar", "Belleza"] as const;

export type CategoryName = (typeof CATEGORIES)[number];
/** The protobuf enum number of a category (0 = UNKNOWN is never a valid sale). */
export type CategoryNumber = 1 | 2 | 3 | 4;

export const categoryName = (n: number): CategoryName | undefined =>
  Number.isInteger(n) ? CATEGORIES[n - 1] : undefined;
export function categoryNumber(name: string): CategoryNumber | undefined {
  const i = (CATEGORIES as readonly string[]).indexOf(name);
  return i < 0 ? undefined : ((i + 1) as CategoryNumber);
}
