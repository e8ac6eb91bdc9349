// Before the browser tests: find Firefox ESR (FIREFOX_PATH, else Debian's /usr/bin/firefox-esr) and a
// Japanese font (the block page and the dialogs are Japanese first), and where either is missing and
// apt-get can run, install Debian's packages, saying so. The Firefox tests are never skipped.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const firefox = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const FONT = '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf';

if (process.env.FIREFOX_PATH && !existsSync(firefox)) {
  console.error(`ssk-guard: FIREFOX_PATH=${firefox} does not exist.`);
  process.exit(1);
}
const missing = [
  ...(existsSync(firefox) ? [] : ['firefox-esr']),
  ...(existsSync(FONT) ? [] : ['fonts-ipafont-gothic']),
];
if (!missing.length) process.exit(0);

const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(`ssk-guard: the browser tests need ${missing.join(' and ')}, not found.`);
  console.error(
    `  Install with:  sudo apt-get install -y --no-install-recommends ${missing.join(' ')}   (or set FIREFOX_PATH to a Firefox ESR binary)`,
  );
  process.exit(1);
}
console.log(`ssk-guard: installing Debian’s ${missing.join(' and ')} for the browser tests …`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
if (!existsSync(firefox) || !existsSync(FONT)) {
  console.error(`ssk-guard: installed ${missing.join(' ')}, but ${existsSync(firefox) ? FONT : firefox} is still missing.`);
  process.exit(1);
}
