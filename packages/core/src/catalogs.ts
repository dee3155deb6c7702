/**
 * The fixed value sets of both domains. Array order IS the protobuf enum number minus
 * one (SPEC §1, §2): many existing clients send the numbers, so never reorder.
 */
export const MUNICIPALITIES = ["mixco", "guatemala", "amatitlan", "chinautla"] as const;
export const WEATHERS = ["sunny", "cloudy", "rainy", "foggy"] as const;
export const CATEGORIES = ["Electronica", "Ropa", "Hogar", "Belleza"] as const;

export type Municipality = (typeof MUNICIPALITIES)[number];
export type Weather = (typeof WEATHERS)[number];
export type CategoryName = (typeof CATEGORIES)[number];
/** The protobuf enum number of a category (0 = UNKNOWN is never a valid sale). */
export type CategoryNumber = 1 | 2 | 3 | 4;

function nameOf<T extends string>(names: readonly T[], n: number): T | undefined {
  return Number.isInteger(n) ? names[n - 1] : undefined;
}

function numberOf(names: readonly string[], name: string): number | undefined {
  const i = names.indexOf(name);
  return i < 0 ? undefined : i + 1;
}

export const municipalityName = (n: number): Municipality | undefined => nameOf(MUNICIPALITIES, n);
export const weatherName = (n: number): Weather | undefined => nameOf(WEATHERS, n);
export const categoryName = (n: number): CategoryName | undefined => nameOf(CATEGORIES, n);

export const municipalityNumber = (name: string): number | undefined =>
  numberOf(MUNICIPALITIES, name);
export const weatherNumber = (name: string): number | undefined => numberOf(WEATHERS, name);
export const categoryNumber = (name: string): CategoryNumber | undefined =>
  numberOf(CATEGORIES, name) as CategoryNumber | undefined;
