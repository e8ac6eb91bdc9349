// The dialog's look, inside its closed shadow root: the page's styles reach only the host, which the
// first rule resets. Sizes in px, since the page may change the root font size.
export const DIALOG_CSS = `
:host {
  all: initial !important; display: block !important; position: fixed !important;
  width: 0 !important; height: 0 !important; z-index: 2147483647 !important;
}
dialog.ssk {
  box-sizing: border-box; width: min(600px, calc(100vw - 24px)); max-height: calc(100vh - 24px); overflow: auto;
  margin: auto; padding: 0; border: 0; border-radius: 12px; background: #fff; color: #1d2330;
  box-shadow: 0 16px 48px rgba(0, 0, 0, 0.35);
  font: 15px/1.6 'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic UI', Meiryo, system-ui, sans-serif;
  text-align: left; direction: ltr;
}
dialog.ssk::backdrop { background: rgba(16, 22, 35, 0.6); }
.en { display: block; color: #5a6372; font-size: 0.88em; }
header { padding: 16px 24px 14px; background: #fff4dc; border-bottom: 1px solid #f0dcb0; }
dialog.block header, dialog.upload header, dialog.notice header { background: #fdecea; border-bottom-color: #f3c7c3; }
.brand { margin: 0; font-size: 12px; color: #5a6372; }
h2 { margin: 4px 0 0; font-size: 20px; line-height: 1.35; }
h2 .en { font-size: 15px; font-weight: 500; }
section { padding: 12px 24px 0; }
p { margin: 0 0 6px; }
.label { font-size: 12px; color: #5a6372; margin: 0; letter-spacing: 0.02em; }
.host { font: 26px/1.3 ui-monospace, 'Noto Sans Mono CJK JP', 'DejaVu Sans Mono', monospace; color: #6b7280; word-break: break-all; margin: 2px 0 8px; unicode-bidi: plaintext; }
.host strong { color: #111827; font-weight: 700; font-size: 30px; }
.idn { font-size: 13px; color: #8a5a00; }
.idn-name { font-weight: 700; unicode-bidi: plaintext; }
.owner, .transport, .gov { font-size: 15px; }
.owner .en, .transport .en, .gov .en { display: inline; margin-left: 0.5em; font-weight: 400; }
.ok { color: #1e6b3a; }
.ng { color: #b3261e; font-weight: 600; }
.gov { color: #1f4f99; }
.carries p { font-weight: 600; }
.findings { padding-top: 14px; }
.finding { border-left: 4px solid #c98a00; background: #fffaf0; padding: 8px 12px; margin: 0 0 8px; border-radius: 4px; }
.finding.block { border-left-color: #b3261e; background: #fdf3f2; }
.finding p { margin: 0 0 4px; }
.clause { display: inline-block; font-size: 12px; color: #1f4f99; background: #eef3fb; border-radius: 4px; padding: 1px 8px; }
footer { display: flex; flex-wrap: wrap; gap: 12px; justify-content: flex-end; padding: 16px 24px 20px; margin-top: 8px; background: #f4f6f9; border-top: 1px solid #d9dde5; }
button { font: inherit; min-width: 168px; padding: 8px 18px; border-radius: 8px; cursor: pointer; text-align: center; line-height: 1.35; }
button .ja { display: block; font-weight: 600; }
button .en { display: block; color: inherit; opacity: 0.85; font-size: 12px; }
button.default { background: #1f4f99; border: 1px solid #1f4f99; color: #fff; }
button.second { background: #fff; border: 1px solid #b3261e; color: #b3261e; }
button:disabled { opacity: 0.45; cursor: default; }
button:focus { outline: 3px solid #8fb3ff; outline-offset: 2px; }
`;
