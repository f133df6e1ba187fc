/**
 * A tiny PDF writer for tests: pages of positioned text lines in the standard Type 1
 * fonts (WinAnsi), an optional image-only page, an Info dictionary, and a fake
 * standard-security /Encrypt dictionary. Cross-reference offsets are computed, so the
 * files are valid PDFs (pdfjs reads them without reconstructing the xref).
 */

export interface PdfText {
  text: string;
  x: number;
  /** Baseline, from the bottom of the page (PDF coordinates). */
  y: number;
  size?: number;
  bold?: boolean;
}

export interface PdfPage {
  texts?: PdfText[];
  /** Draws a 2×2 grey image over the page (a "scan"). */
  image?: boolean;
  width?: number;
  height?: number;
}

export interface PdfOptions {
  info?: Record<string, string>;
  /** Adds an /Encrypt dictionary whose user password is not empty. */
  encrypted?: boolean;
}

/** WinAnsiEncoding bytes 0x80–0x9F. */
const WIN_ANSI_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Escapes a string for a PDF literal `( … )` in WinAnsi; other characters become `?`. */
function pdfString(s: string): string {
  let out = '';
  for (const ch of s) {
    const high = WIN_ANSI_HIGH.indexOf(ch);
    const c = high >= 0 && ch.charCodeAt(0) > 0xff ? 0x80 + high : ch.codePointAt(0)!;
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20 || c > 0x7e) out += c <= 0xff ? `\\${c.toString(8).padStart(3, '0')}` : '?';
    else out += ch;
  }
  return `(${out})`;
}

export function buildPdf(pages: PdfPage[], opts: PdfOptions = {}): Uint8Array {
  const objects: string[] = []; // index i → object number i + 1
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add(''); // filled in later
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const image = add('<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x80\x90\xa0\xb0\nendstream');

  const kids: number[] = [];
  for (const page of pages) {
    const w = page.width ?? 595;
    const h = page.height ?? 842;
    let content = '';
    if (page.image) content += `q ${w} 0 0 ${h} 0 0 cm /Im1 Do Q\n`;
    for (const t of page.texts ?? []) {
      content += `BT /${t.bold ? 'F2' : 'F1'} ${t.size ?? 11} Tf 1 0 0 1 ${t.x} ${t.y} Tm ${pdfString(t.text)} Tj ET\n`;
    }
    const stream = add(`<< /Length ${content.length} >>\nstream\n${content}endstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${w} ${h}] /Contents ${stream} 0 R ` +
          `/Resources << /Font << /F1 ${font} 0 R /F2 ${bold} 0 R >> /XObject << /Im1 ${image} 0 R >> >> >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let info: number | null = null;
  if (opts.info) {
    info = add(`<< ${Object.entries(opts.info).map(([k, v]) => `/${k} ${pdfString(v)}`).join(' ')} >>`);
  }
  let encrypt: number | null = null;
  if (opts.encrypted) {
    const o = '<' + 'a5'.repeat(32) + '>';
    const u = '<' + '5a'.repeat(32) + '>';
    encrypt = add(`<< /Filter /Standard /V 1 /R 2 /O ${o} /U ${u} /P -44 >>`);
  }

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R`;
  if (info) out += ` /Info ${info} 0 R`;
  if (encrypt) out += ` /Encrypt ${encrypt} 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]`;
  out += ` >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
