import { describe, expect, test } from "bun:test";
import { CATEGORIES, categoryName, categoryNumber } from "./sales/sales-catalog.ts";
import {
  MUNICIPALITIES,
  municipalityName,
  municipalityNumber,
  WEATHERS,
  weatherName,
  weatherNumber,
} from "./weather/weather-catalog.ts";

describe("catalogs", () => {
  test("enum numbers follow the reference contract", () => {
    expect(MUNICIPALITIES).toEqual(["mixco", "guatemala", "amatitlan", "chinautla"]);
    expect(WEATHERS).toEqual(["sunny", "cloudy", "rainy", "foggy"]);
    expect(CATEGORIES).toEqual(["Electronica", "Ropa", "Hogar", "Belleza"]);
    expect(municipalityName(2)).toBe("guatemala");
    expect(weatherName(4)).toBe("foggy");
    expect(categoryName(4)).toBe("Belleza");
  });

  test("name <-> number round trips", () => {
    for (const m of MUNICIPALITIES) expect(municipalityName(municipalityNumber(m) ?? 0)).toBe(m);
    for (const w of WEATHERS) expect(weatherName(weatherNumber(w) ?? 0)).toBe(w);
    for (const c of CATEGORIES) expect(categoryName(categoryNumber(c) ?? 0)).toBe(c);
  });

  test("unknown values give undefined", () => {
    for (const n of [0, 5, -1, 1.5, Number.NaN]) {
      expect(municipalityName(n)).toBeUndefined();
      expect(weatherName(n)).toBeUndefined();
      expect(categoryName(n)).toBeUndefined();
    }
    expect(municipalityNumber("Guatemala")).toBeUndefined();
    expect(weatherNumber("municipalities_unknown")).toBeUndefined();
    expect(categoryNumber("UNKNOWN")).toBeUndefined();
  });
});
