// Executable by name (8.1.1(5)-1 g): what Windows, macOS, Linux or Office would run or install when
// the user opens the file, judged the way the shell reads the name, and the way the user sees it.

/**
 * Extensions that run code, install software, mount a disk or open a launcher when opened.
 * Generous on purpose (an attachment in these is rarely legitimate); data formats that merely
 * may carry macros (docm, xlsm) are left to the document checks.
 */
// prettier-ignore
export const EXECUTABLE_EXTENSIONS: readonly string[] = [
  // Windows programs, libraries, drivers, control panel, screen savers
  'exe', 'com', 'scr', 'pif', 'cpl', 'dll', 'sys', 'drv', 'ocx', 'efi', 'mui', 'tsp',
  // installers and packages
  'msi', 'msp', 'mst', 'msu', 'msix', 'msixbundle', 'appx', 'appxbundle', 'application', 'appref-ms', 'xbap',
  'vsto', 'vsix', 'gadget', 'diagcab', 'apk', 'xapk', 'deb', 'rpm', 'pkg', 'mpkg', 'dmg', 'run', 'snap',
  'appimage', 'flatpakref',
  // script hosts
  'bat', 'cmd', 'ps1', 'ps1xml', 'ps2', 'ps2xml', 'psc1', 'psc2', 'psd1', 'psm1', 'pssc', 'msh', 'msh1',
  'msh2', 'mshxml', 'msh1xml', 'msh2xml', 'vb', 'vbs', 'vbe', 'vbscript', 'js', 'jse', 'mjs', 'cjs', 'wsf',
  'wsh', 'wsc', 'ws', 'sct', 'hta', 'htc', 'shb', 'shs', 'scf', 'sh', 'bash', 'zsh', 'csh', 'ksh', 'command',
  'tool', 'py', 'pyw', 'pyc', 'pyo', 'pyz', 'pyzw', 'pl', 'rb', 'php', 'jar', 'jnlp', 'class', 'au3', 'a3x',
  'ahk', 'applescript', 'scpt', 'workflow', 'action',
  // shortcuts and launchers
  'lnk', 'url', 'website', 'desktop', 'inf', 'ins', 'isp', 'reg', 'settingcontent-ms', 'library-ms',
  'searchconnector-ms', 'search-ms', 'wsb', 'msc', 'mcf', 'prf', 'cnt', 'hlp', 'chm', 'grp', 'its',
  // disk images that mount as a drive whose contents escape Mark of the Web
  'iso', 'img', 'vhd', 'vhdx', 'udf',
  // Office and OneNote containers that run code
  'one', 'onepkg', 'xll', 'xla', 'xlam', 'ppa', 'ppam', 'wll', 'mde', 'accde', 'ade', 'adp', 'mda', 'mdz',
  'iqy', 'slk',
];

const EXECUTABLE = new Set(EXECUTABLE_EXTENSIONS);

// Extensions users trust, used to call out the "report.pdf.exe" trick in the reasons.
// prettier-ignore
const DOCUMENT_LOOKING = new Set([
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'txt', 'csv', 'rtf', 'jpg', 'jpeg', 'png', 'gif', 'bmp',
  'tif', 'tiff', 'zip', 'htm', 'html', 'mp3', 'mp4', 'wav', 'avi', 'mov', 'jtd', 'odt', 'ods', 'odp', 'xml',
]);

// Bidirectional embedding, override and isolate controls: they make a name read backwards.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const BIDI_ALL = /[\u202a-\u202e\u2066-\u2069]/g;
// Invisible marks that change nothing the shell sees but hide characters from the eye.
const INVISIBLE = /[\u200b-\u200f\u061c\u2060\ufeff]/g;

export interface NameJudgement {
  /** The name as the shell reads it: NFKC, controls removed, trailing dots and spaces stripped. */
  readonly name: string;
  readonly extension: string;
  readonly executable: boolean;
  readonly bidi: boolean;
  readonly reasons: string[];
}

/** The last path component, for names inside archives ("dir/sub/file.exe"). */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** What Windows does to a name it is given: no trailing dots or spaces, no NTFS stream suffix. */
function shellName(name: string): string {
  let n = name.replace(/::\$data$/i, '');
  n = n.replace(/[. ]+$/, '');
  return n;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 || (dot === 0 && name.length > 1) ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * The name as it appears on screen, roughly: text after a right-to-left override or isolate
 * (up to its pop) is shown reversed, which is how "invoice\u202Efdp.exe" looks like a PDF.
 */
export function visualName(name: string): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const c = name[i] ?? '';
    if (c === '\u202e' || c === '\u202b' || c === '\u2067') {
      let j = i + 1;
      let depth = 1;
      while (j < name.length && depth > 0) {
        const d = name[j];
        if (d === '\u202c' || d === '\u2069') depth--;
        else if (
          d === '\u202a' ||
          d === '\u202b' ||
          d === '\u202d' ||
          d === '\u202e' ||
          (d !== undefined && d >= '\u2066' && d <= '\u2068')
        )
          depth++;
        if (depth > 0) j++;
      }
      out += [...name.slice(i + 1, j).replace(BIDI_ALL, '')].reverse().join('');
      i = j + 1;
    } else {
      if (!BIDI.test(c)) out += c;
      i++;
    }
  }
  return out;
}

export function judgeName(rawName: string, extra: Iterable<string> = []): NameJudgement {
  const reasons: string[] = [];
  const base = baseName(rawName);
  const nfkc = base.normalize('NFKC').replace(INVISIBLE, '');
  const bidi = BIDI.test(nfkc);
  const name = shellName(nfkc.replace(BIDI_ALL, ''));
  const extension = extensionOf(name);
  const extraSet = new Set([...extra].map((e) => e.replace(/^\./, '').toLowerCase()));
  const isExec = (ext: string) => ext !== '' && (EXECUTABLE.has(ext) || extraSet.has(ext));

  let executable = isExec(extension);
  if (executable) reasons.push(`executable extension .${extension}: ${JSON.stringify(base)}`);
  if (bidi) {
    reasons.push(`bidirectional control characters in the name: ${JSON.stringify(base)}`);
    const shown = shellName(visualName(nfkc));
    const shownExt = extensionOf(shown);
    if (!executable && isExec(shownExt)) {
      executable = true;
      reasons.push(`shown as .${shownExt} on screen: ${JSON.stringify(shown)}`);
    } else if (executable && shownExt !== extension) {
      reasons.push(`disguised as .${shownExt || '(none)'} on screen: ${JSON.stringify(shown)}`);
    }
  }
  if (executable) {
    const parts = name.split('.');
    const before = parts.length > 2 ? (parts[parts.length - 2] ?? '').trim().toLowerCase() : '';
    if (DOCUMENT_LOOKING.has(before)) reasons.push(`double extension .${before}.${extension}`);
    if (/\s{3,}\.[^.]+$/.test(name)) reasons.push('spaces hide the real extension');
    if (/[. ]$/.test(nfkc.replace(BIDI_ALL, ''))) reasons.push('trailing dots or spaces hide the real extension');
  }
  return { name, extension, executable, bidi, reasons };
}
