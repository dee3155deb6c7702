import type { Browser, BrowserType, Page } from "playwright-core";

/** Debian's chromium (the project's setup installs it): playwright-core downloads none. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A headless chromium for the browser tests. */
export function launchChromium(chromium: BrowserType): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
}

/**
 * The value cells of a panel's table on the page, by row: the row's key (its first cell)
 * -> the other cells' text.
 */
export function panelTable(page: Page, panelId: string): Promise<Record<string, string[]>> {
  return page.$$eval(`#${panelId}-values tbody tr`, (rows) =>
    Object.fromEntries(
      rows.map((r) => [
        r.getAttribute("data-key") ?? "",
        [...r.querySelectorAll("td")].map((c) => c.textContent ?? ""),
      ]),
    ),
  );
}
