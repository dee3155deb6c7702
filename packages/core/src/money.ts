/**
 * num/den with exactly 2 decimals, half away from zero, in BigInt (exact for any safe
 * integers): the text the apply scripts write for sums, prices and weather averages
 * (their `fixed2` include), so oracles compare strings without floats. "0.00" for den 0.
 */
export function fixed2(num: number, den: number): string {
  if (den === 0) return "0.00";
  const negative = num < 0;
  const n = BigInt(Math.abs(num));
  const d = BigInt(den);
  const hundredths = (n * 200n + d) / (2n * d);
  const text = `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, "0")}`;
  return negative && hundredths > 0n ? `-${text}` : text;
}

/**
 * num / den as the reference writes an average (a Go float64): the shortest digits that
 * read back as the same double, e.g. "1.9859154929577465"; "0" with nothing to divide.
 */
export const average = (num: number, den: number): string => (den === 0 ? "0" : String(num / den));

/** Integer cents as the reference's money text, e.g. 12340 -> "123.40". */
export const money = (cents: number): string => fixed2(cents, 100);
