import type { Browser, BrowserType } from "playwright-core";

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
