// Debian's Chromium driven by playwright-core (never a downloaded browser), headless, as root.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

// A fresh profile each time; the background-networking flags keep Chromium off the (closed) network.
export async function launchChromium() {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'bp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
