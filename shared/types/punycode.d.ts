// The npm `punycode` package (not Node's deprecated built-in), imported by path so bundlers and Node agree.
declare module 'punycode/punycode.js' {
  const punycode: { toUnicode(domain: string): string; toASCII(domain: string): string };
  export default punycode;
}
