import { describe, expect, it } from 'vitest';
import { EXECUTABLE_EXTENSIONS, judgeName, visualName } from '../../../shared/files/executable-names.ts';

describe('executable by name', () => {
  it.each([
    'setup.exe',
    'SETUP.EXE',
    'invoice.scr',
    'run.bat',
    'run.cmd',
    'x.ps1',
    'x.vbs',
    'x.vbe',
    'x.js',
    'x.jse',
    'x.wsf',
    'x.hta',
    'x.jar',
    'shortcut.lnk',
    'disk.iso',
    'disk.img',
    'disk.vhd',
    'disk.vhdx',
    'notes.one',
    'settings.reg',
    'lib.dll',
    'package.msi',
    'panel.cpl',
    'site.url',
    'help.chm',
    'addin.xll',
    'addin.xlam',
    'app.appx',
    'app.msix',
    'dir/sub/tool.exe', // judged by the last path component
    'dir\\tool.com',
    '報告書.pdf.exe', // double extension
    'report.pdf      .exe', // spaces before the real extension
    'setup.exe.', // Windows strips trailing dots
    'setup.exe   ', // and trailing spaces
    'setup.exe . .',
    'ｓｅｔｕｐ．ｅｘｅ', // full-width, NFKC folds it
    'setup.exe::$DATA',
    'set\u200bup.ex\u200be', // zero-width characters are invisible to the shell
  ])('%s is executable', (name) => {
    expect(judgeName(name).executable).toBe(true);
  });

  it.each([
    'report.pdf',
    'data.xlsx',
    'photo.jpg',
    'notes.txt',
    'archive.zip',
    'exe',
    '.exe.txt',
    'macro.docm',
    'noextension',
    '',
  ])('%s is not executable', (name) => {
    expect(judgeName(name).executable).toBe(false);
  });

  it('catches the right-to-left override trick both ways', () => {
    // Shown as "invoice_exe.pdf", really "invoice_fdp.exe".
    const rlo = judgeName('invoice_\u202efdp.exe');
    expect(rlo.executable).toBe(true);
    expect(rlo.bidi).toBe(true);
    expect(rlo.reasons.join(' ')).toMatch(/bidirectional/);
    expect(visualName('invoice_\u202efdp.exe')).toBe('invoice_exe.pdf');
    // Shown as ".exe" on screen: flagged even though the shell would open a PDF.
    expect(judgeName('photo_\u202eexe.pdf').executable).toBe(true);
    // An isolate (U+2067 … U+2069) works the same way.
    expect(judgeName('doc\u2067fdp\u2069.exe').executable).toBe(true);
    // Bidi controls in a harmless name are reported but do not make it executable.
    const harmless = judgeName('\u202a報告\u202c.pdf');
    expect(harmless.executable).toBe(false);
    expect(harmless.bidi).toBe(true);
  });

  it('reports double extensions', () => {
    expect(judgeName('report.pdf.exe').reasons.join(' ')).toMatch(/double extension \.pdf\.exe/);
  });

  it('takes extra extensions from the policy', () => {
    expect(judgeName('x.foo').executable).toBe(false);
    expect(judgeName('x.foo', ['.foo']).executable).toBe(true);
  });

  it('lists at least the extensions DESIGN §4 names', () => {
    for (const e of 'exe com scr pif cpl msi bat cmd ps1 vbs vbe js jse wsf wsh hta jar lnk iso img vhd one reg dll'.split(
      ' ',
    )) {
      expect(EXECUTABLE_EXTENSIONS).toContain(e);
    }
  });
});
