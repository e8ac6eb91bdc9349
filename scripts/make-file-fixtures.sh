#!/usr/bin/env bash
# Regenerates test/fixtures/files/ with the real tools (zip, 7z, qpdf, openssl) so the engine is
# tested on what users actually send. Formats with no tool here (RAR, legacy Office, MSI, ISO,
# LNK, ELF, Mach-O) are built byte by byte in the tests themselves. The fail-closed cases of issue 12
# (tar, gzip, xz, bzip2, 7z filter chains, qpdf R2–R6 owner-only PDFs, damaged zips) are made by the
# same tools at test time, in a temporary directory (test/unit/files/helpers/tools.ts).
#
#   apt-get install -y zip p7zip-full qpdf openssl && bash scripts/make-file-fixtures.sh
#
# Zips are deterministic (fixed times, no extra fields); anything encrypted is not (random salts
# and IVs), which the tests do not depend on.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/test/fixtures/files"
for tool in zip 7z qpdf openssl iconv node; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install -y zip p7zip-full qpdf openssl)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC LC_ALL=C.UTF-8
mkdir -p "$out"
rm -f "$out"/*
cd "$work"

stamp() { touch -d '2024-04-01 09:00:00' "$@"; }
z() { zip -q -X -D "$@"; } # no extra fields, no directory entries

# --- plain content -----------------------------------------------------------------------
printf 'Hello from ssk-guard.\nこんにちは。\n' > hello.txt
printf '# notes\n\nNothing secret here.\n' > notes.md
printf '<!doctype html>\n<html><body><p>hi</p></body></html>\n' > page.html
printf '#!/bin/sh\necho hi\n' > run.sh
# A minimal PE: MZ header with e_lfanew = 0x40, then "PE\0\0" and an i386 COFF header.
node -e '
const b = Buffer.alloc(512);
b.write("MZ", 0, "latin1"); b.writeUInt32LE(0x40, 0x3c);
b.write("PE\0\0", 0x40, "latin1"); b.writeUInt16LE(0x14c, 0x44); b.writeUInt16LE(1, 0x46);
b.writeUInt16LE(0xe0, 0x54); b.writeUInt16LE(0x102, 0x56); b.writeUInt16LE(0x10b, 0x58);
require("fs").writeFileSync("tool.exe", b);'
stamp hello.txt notes.md page.html run.sh tool.exe
cp hello.txt page.html run.sh tool.exe "$out/"

# --- zip -----------------------------------------------------------------------------------
z plain.zip hello.txt notes.md
z -P secret zipcrypto.zip hello.txt notes.md
z mixed.zip hello.txt && z -P secret mixed.zip notes.md
7z a -bso0 -bsp0 -tzip -mem=AES256 -psecret aes256.zip hello.txt notes.md
z inner.zip tool.exe hello.txt && stamp inner.zip && z nested-exe.zip inner.zip notes.md
cp tool.exe invoice.pdf && stamp invoice.pdf && z renamed-exe.zip invoice.pdf hello.txt
z -0 stored-nested.zip inner.zip
# Names as Windows in Japan writes them (CP932, no UTF-8 flag) and as UTF-8 with the flag.
sj=$(printf '機密性2_報告.txt' | iconv -f UTF-8 -t CP932)
cp hello.txt "$sj" && stamp "$sj"
z cp932-names.zip "$sj"
cp hello.txt '報告書.pdf.exe' && stamp '報告書.pdf.exe'
z utf8-names.zip '報告書.pdf.exe'

# --- OOXML, ODF, JAR built from minimal parts ---------------------------------------------
mkdir -p docx/_rels docx/word
cat > 'docx/[Content_Types].xml' <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
XML
cat > docx/_rels/.rels <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
XML
cat > docx/word/document.xml <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>報告</w:t></w:r></w:p></w:body></w:document>
XML
(cd docx && find . -exec touch -d '2024-04-01 09:00:00' {} + && z ../minimal.docx '[Content_Types].xml' _rels/.rels word/document.xml)

mkdir -p odt/META-INF
printf 'application/vnd.oasis.opendocument.text' > odt/mimetype
cat > odt/META-INF/manifest.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>
XML
cat > odt/content.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>報告</text:p></office:text></office:body></office:document-content>
XML
(cd odt && find . -exec touch -d '2024-04-01 09:00:00' {} + && z -0 ../minimal.odt mimetype && z ../minimal.odt META-INF/manifest.xml content.xml)

mkdir -p jar/META-INF
printf 'Manifest-Version: 1.0\r\nMain-Class: Hello\r\n\r\n' > jar/META-INF/MANIFEST.MF
node -e 'const b=Buffer.alloc(64);b.writeUInt32BE(0xcafebabe,0);b.writeUInt16BE(0,4);b.writeUInt16BE(52,6);require("fs").writeFileSync("jar/Hello.class",b)'
(cd jar && find . -exec touch -d '2024-04-01 09:00:00' {} + && z ../hello.jar META-INF/MANIFEST.MF Hello.class)

cp plain.zip zipcrypto.zip mixed.zip aes256.zip nested-exe.zip renamed-exe.zip stored-nested.zip \
  cp932-names.zip utf8-names.zip minimal.docx minimal.odt hello.jar "$out/"

# --- 7z --------------------------------------------------------------------------------------
s7() { 7z a -bso0 -bsp0 -mtm=off -mtc=off -mta=off "$@"; }
s7 plain.7z hello.txt notes.md
s7 -psecret encrypted.7z hello.txt notes.md
s7 -psecret -mhe=on encrypted-names.7z hello.txt notes.md
s7 nested-exe.7z inner.zip notes.md
s7 -mx=0 stored.7z hello.txt tool.exe
cp plain.7z encrypted.7z encrypted-names.7z nested-exe.7z stored.7z "$out/"

# --- PDF -------------------------------------------------------------------------------------
cat > src.pdf <<'PDF'
%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >> endobj
4 0 obj << /Length 40 >> stream
BT /F1 12 Tf 20 50 Td (ssk-guard) Tj ET
endstream endobj
trailer << /Size 5 /Root 1 0 R >>
%%EOF
PDF
# src.pdf has no cross-reference table: qpdf rebuilds one and exits 3 ("succeeded with warnings").
qpdf --static-id --object-streams=disable src.pdf plain.pdf 2>/dev/null || [ $? -eq 3 ]
qpdf --static-id --object-streams=generate plain.pdf xref-stream.pdf
qpdf --static-id --encrypt user owner 256 -- plain.pdf encrypted-aes256.pdf
qpdf --static-id --allow-weak-crypto --encrypt user owner 128 --use-aes=n -- plain.pdf encrypted-rc4.pdf
qpdf --static-id --object-streams=generate --encrypt user owner 256 -- plain.pdf xref-stream-encrypted.pdf
qpdf --static-id --encrypt '' owner 256 -- plain.pdf encrypted-owner-only.pdf
cp plain.pdf xref-stream.pdf encrypted-aes256.pdf encrypted-rc4.pdf xref-stream-encrypted.pdf encrypted-owner-only.pdf "$out/"

# --- S/MIME ----------------------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 3650 -subj '/CN=ssk-guard test' 2>/dev/null
printf 'Content-Type: text/plain\r\n\r\nhello\r\n' > msg.txt
openssl smime -encrypt -aes256 -in msg.txt -outform DER -out enveloped.p7m cert.pem
openssl smime -encrypt -aes256 -in msg.txt -outform PEM -out enveloped-pem.p7m cert.pem
openssl smime -encrypt -aes256 -in msg.txt -out enveloped-mime.p7m cert.pem
openssl smime -sign -nodetach -in msg.txt -signer cert.pem -inkey key.pem -outform DER -out signed.p7m
openssl smime -sign -in msg.txt -signer cert.pem -inkey key.pem -outform DER -out signed.p7s
cp enveloped.p7m enveloped-pem.p7m enveloped-mime.p7m signed.p7m signed.p7s "$out/"

ls -l "$out"
