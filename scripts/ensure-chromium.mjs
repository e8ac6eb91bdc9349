// Before the browser tests: find Chromium (CHROME_PATH, else Debian's /usr/bin/chromium) and, where it
// is missing and apt-get can run, install Debian's package, saying so. The browser tests are never skipped.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const wanted = process.env.CHROME_PATH || '/usr/bin/chromium';
if (existsSync(wanted)) process.exit(0);

if (process.env.CHROME_PATH) {
  console.error(`ssk-guard: CHROME_PATH=${wanted} does not exist.`);
  process.exit(1);
}
const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error('ssk-guard: Chromium is needed for the browser tests and was not found.');
  console.error('  Install it with:  sudo apt-get install -y chromium   (or set CHROME_PATH to a Chromium binary)');
  process.exit(1);
}
console.log('ssk-guard: Chromium not found; installing Debian’s chromium package for the browser tests …');
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
if (!existsSync(wanted)) {
  console.error(`ssk-guard: installed chromium, but ${wanted} is still missing.`);
  process.exit(1);
}
