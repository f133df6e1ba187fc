import { describe, expect, it } from 'vitest';
import { extractEmail, extractFromEml, parseMailDate } from '../../electron/core/capture/eml.ts';
import { CaptureError } from '../../electron/core/capture/types.ts';

const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function crlf(lines: string[]): Uint8Array {
  return new Uint8Array(Buffer.from(lines.join('\r\n'), 'latin1'));
}

// A museum press release: ISO-8859-1 quoted-printable text and HTML, an inline logo, a PDF.
const PRESS_RELEASE = crlf([
  'Return-Path: <presse@musee.example>',
  'From: =?iso-8859-1?Q?Service_de_presse_du_Mus=E9e?= <presse@musee.example>',
  'To: redaction@journal.example',
  'Subject: =?iso-8859-1?Q?Fwd:_Le_Mus=E9e_rouvre_ses_portes_=E0_Lyon?=',
  'Date: Mon, 14 Jun 2021 17:02:11 +0100 (CET)',
  'Message-ID: <abc@musee.example>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="mixed"',
  '',
  '--mixed',
  'Content-Type: multipart/related; boundary="rel"',
  '',
  '--rel',
  'Content-Type: multipart/alternative; boundary="alt"',
  '',
  '--alt',
  'Content-Type: text/plain; charset=ISO-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Le Mus=E9e des Beaux-Arts rouvre ses portes =E0 Lyon apr=E8s deux ann=E9es de t=',
  'ravaux.',
  '--alt',
  'Content-Type: text/html; charset=ISO-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3DISO-8859-1"></head><body>',
  '<p><img src=3D"cid:logo123@musee.example" alt=3D"Logo"></p>',
  '<p>Le Mus=E9e des Beaux-Arts rouvre ses portes =E0 Lyon apr=E8s deux ann=E9es de t=',
  'ravaux, a annonc=E9 la direction lundi.</p>',
  '<p>Les collections de peinture fran=E7aise ont =E9t=E9 r=E9organis=E9es et un nouv=',
  'el espace est d=E9di=E9 aux =9Cuvres contemporaines.</p>',
  '</body></html>',
  '--alt--',
  '',
  '--rel',
  'Content-Type: image/png',
  'Content-Transfer-Encoding: base64',
  'Content-ID: <logo123@musee.example>',
  'Content-Disposition: inline; filename="logo.png"',
  '',
  PNG_B64,
  '--rel--',
  '',
  '--mixed',
  'Content-Type: application/pdf; name="=?iso-8859-1?Q?Dossier_de_presse_Mus=E9e.pdf?="',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="=?iso-8859-1?Q?Dossier_de_presse_Mus=E9e.pdf?="',
  '',
  Buffer.from('%PDF-1.4 fake attachment bytes').toString('base64'),
  '--mixed--',
  '',
]);

// Real Shift_JIS bytes (base64): a plain-text-only Japanese mail.
const SJIS_BODY_B64 =
  'k4yLnpNzgs2CUIJTk/qBQZBWgrWCopT8j3CK2YLMikqK2YLwlK2VXIK1gr2BQpNXjqaCzZeIlE6PdIKpgueOboLcgumXXJLogsWCoILpgUIKCorZkreCzYF1kb2CrYLMkGyCyZeIgsSC2YK1gqKBdoLGmGKCtYK9gUI=';
const SJIS_SUBJECT_B64 = 'lPyPcIrZgsyKSorZgsmCwoKigsQ=';
const SHIFT_JIS = new Uint8Array(
  Buffer.concat([
    Buffer.from(
      [
        'From: press@museum.example.jp',
        `Subject: =?Shift_JIS?B?${SJIS_SUBJECT_B64}?=`,
        'Date: Tue, 15 Jun 2021 09:30:00 +0900',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=Shift_JIS',
        'Content-Transfer-Encoding: 8bit',
        '',
        '',
      ].join('\r\n'),
      'latin1',
    ),
    Buffer.from(SJIS_BODY_B64, 'base64'),
  ]),
);

// Real GBK bytes: an HTML-only Chinese mail, base64 transfer encoding.
const GBK_HTML_B64 =
  'PGh0bWw+PGJvZHk+PHA+sbG+qcrQvfHM7ND7sryjrNDCtcSyqc7vud29q9Paw/fE6rS6zOy21Lmr1tq/qrfFoaO53bOkse3KvqOsz6PN+7j8tuC1xMjLwLSyzrnboaM8L3A+PHA+1eLKx7Xatv62zs7E19ajrL3pydzBy9W5wMC1xMTayN26zb+qt8XKsbzkoaM8L3A+PC9ib2R5PjwvaHRtbD4=';
const GBK = crlf([
  'From: "Beijing Museum" <news@museum.example.cn>',
  'Subject: =?GBK?B?sqnO77nd0MLOxQ==?=',
  'Date: Wed, 16 Jun 2021 08:00:00 +0800',
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset="GBK"',
  'Content-Transfer-Encoding: base64',
  '',
  GBK_HTML_B64,
  '',
]);

describe('extractFromEml', () => {
  it('prefers the HTML part, decodes ISO-8859-1 quoted-printable, lists attachments, keeps cid images', async () => {
    const mail = await extractFromEml(PRESS_RELEASE);
    expect(mail.kind).toBe('html');
    expect(mail.body).toContain('Le Musée des Beaux-Arts rouvre ses portes à Lyon après deux années de travaux');
    expect(mail.subject).toBe('Le Musée rouvre ses portes à Lyon');
    expect(mail.from).toBe('Service de presse du Musée');
    expect(mail.date).toBe('2021-06-14T17:02:11+01:00');
    expect(mail.attachments).toEqual([{ filename: 'Dossier de presse Musée.pdf', mediaType: 'application/pdf', size: 30 }]);
    expect(mail.resources).toHaveLength(1);
    expect(mail.resources[0]).toMatchObject({ url: 'cid:logo123@musee.example', mediaType: 'image/png' });
    expect(Buffer.from(mail.resources[0]!.bytes).equals(Buffer.from(PNG_B64, 'base64'))).toBe(true);
  });

  it('maps windows-1252 bytes that a Latin-1 decoder leaves as C1 controls (œ, €)', async () => {
    const mail = await extractFromEml(PRESS_RELEASE);
    expect(mail.body).toContain('aux œuvres contemporaines');
    expect(mail.body).not.toMatch(/[\u0080-\u009f]/);
  });

  it('reads a plain-text-only mail in Shift_JIS', async () => {
    const mail = await extractFromEml(SHIFT_JIS);
    expect(mail.kind).toBe('text');
    expect(mail.subject).toBe('美術館の開館について');
    expect(mail.body).toContain('東京都は１４日、新しい美術館の開館を発表した。');
    expect(mail.body).toContain('館長は「多くの人に来てほしい」と話した。');
    expect(mail.from).toBe('press@museum.example.jp');
    expect(mail.date).toBe('2021-06-15T09:30:00+09:00');
    expect(mail.attachments).toEqual([]);
  });

  it('reads a GBK HTML mail', async () => {
    const mail = await extractFromEml(GBK);
    expect(mail.kind).toBe('html');
    expect(mail.subject).toBe('博物馆新闻');
    expect(mail.body).toContain('北京市今天宣布，新的博物馆将于明年春天对公众开放。');
    expect(mail.from).toBe('Beijing Museum');
    expect(mail.date).toBe('2021-06-16T08:00:00+08:00');
  });

  it('rejects something that is not an e-mail', async () => {
    await expect(extractFromEml(new TextEncoder().encode(''))).rejects.toThrow(CaptureError);
    const headersOnly = crlf(['From: a@b.example', 'Subject: nothing', '', '']);
    await expect(extractFromEml(headersOnly)).rejects.toThrow(/no text or HTML body/);
  });
});

describe('extractEmail', () => {
  it('runs the HTML extractor and overlays subject, sender and date as fallbacks', async () => {
    const { extracted, resources, attachments } = await extractEmail(PRESS_RELEASE);
    expect(extracted.title).toBe('Le Musée rouvre ses portes à Lyon');
    expect(extracted.byline).toBe('Service de presse du Musée');
    expect(extracted.publishedAt).toBe('2021-06-14T17:02:11+01:00');
    expect(extracted.paragraphs.join('\n')).toContain('après deux années de travaux, a annoncé la direction lundi.');
    expect(extracted.paragraphs.join('\n')).toContain('œuvres contemporaines');
    expect(extracted.lang).toBe('fr');
    expect(resources).toHaveLength(1);
    expect(attachments).toHaveLength(1);
  });

  it('runs the text extractor on a text-only mail', async () => {
    const { extracted } = await extractEmail(SHIFT_JIS);
    expect(extracted.title).toBe('美術館の開館について');
    expect(extracted.publishedAt).toBe('2021-06-15T09:30:00+09:00');
    expect(extracted.paragraphs.join('\n')).toContain('美術館の開館を発表した');
    expect(extracted.html).toBeNull();
  });

  it('keeps a title the HTML itself gives', async () => {
    const mail = crlf([
      'From: Newsletter <news@paper.example>',
      'Subject: Your morning briefing',
      'Date: Thu, 17 Jun 2021 06:00:00 -0400',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><title>Rates rise again in June</title></head><body><article><h1>Rates rise again in June</h1>',
      '<p>The central bank raised its main rate by a quarter point on Wednesday, the third rise this year.</p>',
      '<p>Economists had expected the move after inflation figures came in higher than forecast.</p></article></body></html>',
    ]);
    const { extracted } = await extractEmail(mail);
    expect(extracted.title).toBe('Rates rise again in June');
    expect(extracted.byline).toBe('Newsletter');
    expect(extracted.publishedAt).toBe('2021-06-17T06:00:00-04:00');
  });
});

describe('parseMailDate', () => {
  it.each([
    ['Mon, 14 Jun 2021 17:02:11 +0100', '2021-06-14T17:02:11+01:00'],
    ['14 Jun 2021 17:02 -0530', '2021-06-14T17:02:00-05:30'],
    ['Mon, 14 Jun 21 17:02:11 GMT', '2021-06-14T17:02:11+00:00'],
    ['Mon, 14 Jun 2021 17:02:11 EDT', '2021-06-14T17:02:11-04:00'],
    ['Mon, 14 Jun 2021 17:02:11 -0000', '2021-06-14T17:02'],
    ['Mon, 31 Feb 2021 17:02:11 +0100', null],
    ['garbage', null],
  ])('%s → %s', (raw, iso) => {
    expect(parseMailDate(raw)).toBe(iso);
  });
});
