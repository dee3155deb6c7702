/**
 * The weather domain's value sets. Array order IS the protobuf enum number minus one
 * (SPEC §1): many existing clients send the numbers, so never reorder.
 */
export const MUNICIPALITIES = ["mixco", "guatemala", "amatitlan", "chinautla"] as const;
export const WEATHERS = ["sunny", "cloudy", "rainy", "foggy"] as const;

export type Municipality = (typeof MUNICIPALITIES)[number];
export type Weather = (typeof WEATHERS)[number];

const nameOf = <T extends string>(names: readonly T[], n: number): T | undefined =>
  Number.isInteger(n) ? names[n - 1] : undefined;
const numberOf = (names: readonly string[], name: string): number | undefined => {
  const i = names.indexOf(name);
  return i < 0 ? undefined : i + 1;
};

export const municipalityName = (n: number): Municipality | undefined => nameOf(MUNICIPALITIES, n);
export const weatherName = (n: number): Weather | undefined => nameOf(WEATHERS, n);
export const municipalityNumber = (name: string): number | undefined =>
  numberOf(MUNICIPALITIES, name);
export const weatherNumber = (name: string): number | undefined => numberOf(WEATHERS, name);
