import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitizeHtml } from '../../electron/core/capture/sanitize.ts';

/** Hostile inputs: [name, html]. */
const VECTORS: [string, string][] = [
  ['plain script', '<p>ok</p><script>alert(1)</script>'],
  ['uppercase script', '<SCRIPT>alert(1)</SCRIPT><p>ok</p>'],
  ['script with attributes and src', '<script type="text/javascript" src="//evil.example/x.js"></script>'],
  ['script with slash spacing', '<script/xss src="//evil.example/x.js"></script>'],
  ['nested script split', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
  ['script inside a paragraph', '<p>a<script>document.write("<img src=x onerror=alert(1)>")</script>b</p>'],
  ['unclosed script', '<p>text</p><script>alert(1)'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['onload and onclick', '<p onclick="alert(1)" onmouseover=alert(2)>x</p><body onload=alert(3)>'],
  ['on* with odd spacing', '<img src="a.png"\nonerror\n=\nalert(1)><div/onclick=alert(2)>y</div>'],
  ['javascript: href', '<a href="javascript:alert(1)">x</a>'],
  ['JaVaScRiPt mixed case', '<a href="JaVaScRiPt:alert(1)">x</a>'],
  ['entity-encoded javascript:', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>'],
  ['hex entity javascript:', '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>'],
  ['tab-obfuscated javascript:', '<a href="jav&#x09;ascript:alert(1)">x</a><a href="jav\tascript:alert(1)">y</a>'],
  ['newline and leading space javascript:', '<a href=" &#x0A;javascript:alert(1)">x</a><a href="java&#x0D;script:alert(1)">y</a>'],
  ['vbscript:', '<a href="vbscript:msgbox(1)">x</a>'],
  ['data:text/html href', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['data:text/html img src', '<img src="data:text/html,<script>alert(1)</script>">'],
  ['svg data URL image', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'],
  ['svg with script', '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>'],
  ['svg onload', '<svg onload=alert(1)><circle r=1 /></svg><svg/onload=alert(2)>'],
  ['mathml href trick', '<math><mi xlink:href="javascript:alert(1)">x</mi><maction actiontype="statusline" href="javascript:alert(2)">y</maction></math>'],
  ['mathml/style mutation', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>x</p>'],
  ['base href', '<base href="javascript:alert(1)//"><a href="/x">x</a>'],
  ['style @import', '<style>@import url("//evil.example/x.css");</style><p>x</p>'],
  ['css url() in style attribute', '<p style="background:url(javascript:alert(1))">x</p><div style="behavior: url(x.htc)">y</div>'],
  ['css expression', '<p style="width: expression(alert(1))">x</p>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['iframe src javascript', '<iframe src="javascript:alert(1)">fallback</iframe>'],
  ['object data', '<object data="javascript:alert(1)"><param name=x value=y></object>'],
  ['embed', '<embed src="javascript:alert(1)">'],
  ['form action', '<form action="javascript:alert(1)"><input type=submit formaction="javascript:alert(2)"><button>Go</button></form>'],
  ['noscript mutation XSS', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['template mutation XSS', '<template><p title="</template><img src=x onerror=alert(1)>"></template>'],
  ['comment tricks', '<!--><script>alert(1)</script>--><!-- --!><script>alert(2)</script> -->'],
  ['conditional comment', '<!--[if gte IE 4]><script>alert(1)</script><![endif]-->'],
  ['cdata', '<![CDATA[<script>alert(1)</script>]]>'],
  ['unclosed tags', '<p>a<b>b<i onclick=alert(1)>c<a href="javascript:alert(1)">d'],
  ['unclosed attribute', '<img src="x onerror=alert(1)//'],
  ['textarea breakout', '<textarea></textarea/><img src=x onerror=alert(1)></textarea>'],
  ['xmp breakout', '<xmp><img src=x onerror=alert(1)></xmp>'],
  ['srcset and formaction', '<img srcset="javascript:alert(1) 1x"><a ping="//evil.example">x</a>'],
  ['class/id/style attributes', '<p class="x" id="y" style="color:red" data-x="1">z</p>'],
  ['link stylesheet', '<link rel="stylesheet" href="//evil.example/x.css"><p>x</p>'],
  ['keygen/marquee/blink', '<marquee onstart=alert(1)>x</marquee><blink>y</blink>'],
  ['video/audio with handlers', '<video><source onerror="alert(1)"></video><audio src=x onerror=alert(2)></audio>'],
  ['details ontoggle', '<details open ontoggle=alert(1)><summary>s</summary>t</details>'],
  ['anchor target and name', '<a href="https://example.com" target="_blank" name="n">x</a>'],
];

// Dangerous strings that must not appear anywhere in the output.
const FORBIDDEN: [string, RegExp][] = [
  ['script', /<\s*\/?\s*script/i],
  ['on* attribute', /<[a-z][^>]*\son[a-z]+\s*=/i],
  ['javascript:', /javascript\s*:/i],
  ['vbscript:', /vbscript\s*:/i],
  ['data:text', /data:text/i],
  ['srcdoc', /srcdoc/i],
  ['@import', /@import/i],
  ['url(', /url\s*\(/i],
  ['expression(', /expression\s*\(/i],
  ['style attribute', /\sstyle\s*=/i],
];

const SAFE_URL_RE = /^(?:https?:|mailto:|data:image\/(?:png|jpeg|gif|webp)[;,]|[^:]*$)/i;

function reparse(html: string): Element[] {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  return Array.from(document.body.querySelectorAll('*'));
}

describe('sanitizeHtml against hostile vectors', () => {
  it('has at least 25 vectors', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(VECTORS)('%s', (_name, input) => {
    const out = sanitizeHtml(input);
    for (const [what, re] of FORBIDDEN) {
      expect(re.test(out), `${what} in ${JSON.stringify(out)}`).toBe(false);
    }
    // Prove it with a real HTML parser: nothing outside the allowlist survives.
    for (const el of reparse(out)) {
      const tag = el.tagName.toLowerCase();
      expect(ALLOWED_TAGS, `tag <${tag}> in ${JSON.stringify(out)}`).toContain(tag);
      const allowed = new Set([...(ALLOWED_ATTRIBUTES['*'] ?? []), ...(ALLOWED_ATTRIBUTES[tag] ?? [])]);
      for (const attr of Array.from(el.attributes)) {
        expect(allowed.has(attr.name), `${tag}[${attr.name}] in ${JSON.stringify(out)}`).toBe(true);
        if (attr.name === 'href' || attr.name === 'src') {
          expect(attr.value.replace(/[\u0000-\u0020]/g, ''), `${tag}[${attr.name}]`).toMatch(SAFE_URL_RE);
        }
      }
      if (tag === 'a') expect(el.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    }
  });
});

describe('sanitizeHtml keeps article content', () => {
  it('keeps text structure, links, images, tables, time and lang/dir', () => {
    const input = [
      '<article lang="fr" dir="ltr"><header><h1>Titre</h1></header>',
      '<p>Un <em>texte</em> <strong>gras</strong> avec <a href="https://example.com/a" title="t" class="c">lien</a>',
      ' et <a href="mailto:x@example.com">courriel</a>, <q>citation</q>, <abbr title="Organisation">ORG</abbr>, H<sub>2</sub>O, x<sup>2</sup>.</p>',
      '<figure><img src="https://example.com/i.jpg" alt="Alt" width="640" height="480" loading="lazy">',
      '<figcaption>Légende <cite>Photo: X</cite></figcaption></figure>',
      '<ul><li>un</li><li>deux</li></ul><blockquote><p>cité</p></blockquote><pre><code>code</code></pre>',
      '<table><caption>T</caption><thead><tr><th rowspan="2">h</th></tr></thead><tbody><tr><td colspan="2">d</td></tr></tbody></table>',
      '<p><time datetime="2021-06-14T17:02:11+01:00">14 juin</time> <mark>m</mark> <small>s</small> <span>sp</span></p>',
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="pixel"><img src="/relative.jpg" alt="rel">',
      '<footer><p>fin</p></footer></article>',
    ].join('');
    const out = sanitizeHtml(input);
    expect(out).toContain('<article lang="fr" dir="ltr">');
    expect(out).toContain('<a href="https://example.com/a" title="t" rel="noopener noreferrer nofollow">lien</a>');
    expect(out).toContain('<a href="mailto:x@example.com" rel="noopener noreferrer nofollow">courriel</a>');
    expect(out).toContain('<img src="https://example.com/i.jpg" alt="Alt" width="640" height="480" />');
    expect(out).toContain('<figcaption>Légende <cite>Photo: X</cite></figcaption>');
    expect(out).toContain('<th rowspan="2">h</th>');
    expect(out).toContain('<td colspan="2">d</td>');
    expect(out).toContain('<time datetime="2021-06-14T17:02:11+01:00">14 juin</time>');
    expect(out).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="pixel" />');
    expect(out).toContain('<img src="/relative.jpg" alt="rel" />');
    expect(out).toContain('<abbr title="Organisation">ORG</abbr>');
    expect(out).not.toContain('class=');
    expect(out).not.toContain('loading=');
  });

  it('unwraps unknown tags but keeps their text; drops dropped tags with their text', () => {
    expect(sanitizeHtml('<main><custom-el>kept <font color=red>text</font></custom-el></main>')).toBe('kept text');
    expect(sanitizeHtml('<p>a<button>Subscribe</button>b<select><option>x</option></select>c</p>')).toBe('<p>abc</p>');
    expect(sanitizeHtml('<p>a<svg><text>svg text</text></svg>b</p>')).toBe('<p>ab</p>');
    expect(sanitizeHtml('<p>a<meta charset="utf-8">b<br>c</p>')).toBe('<p>ab<br />c</p>');
  });

  it('keeps only an img from <picture>', () => {
    expect(sanitizeHtml('<picture><source srcset="a.webp" type="image/webp"><img src="a.jpg" alt="A"></picture>')).toBe(
      '<img src="a.jpg" alt="A" />',
    );
  });

  it('escapes text so it cannot become markup', () => {
    expect(sanitizeHtml('<p>1 &lt; 2 &amp;&amp; &lt;script&gt;</p>')).toBe('<p>1 &lt; 2 &amp;&amp; &lt;script&gt;</p>');
  });

  it('drops a bad dir value', () => {
    expect(sanitizeHtml('<p dir="x" lang="ar">t</p>')).toBe('<p lang="ar">t</p>');
  });
});
